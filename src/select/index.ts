export { select, resolveTopics, selectionWarnings, type SelectOptions } from './select.js';
export { ruleFor, MAX_TRIM, TRIM_LADDER } from './rules.js';
export * from './view.js';
export { SPOKEN_KINDS, sentence } from './speech.js';
