export { loadTemplates, BUNDLED_TEMPLATES, type TemplateSet } from './render.js';
export { escapeMarkdown } from './escape.js';
