export { loadTemplates, forgetTemplates, BUNDLED_TEMPLATES, type TemplateSet } from './render.js';
export { escapeMarkdown } from './escape.js';
export { loadTextTemplate, forgetTextTemplates } from './text.js';
