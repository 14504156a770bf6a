export { select, resolveTopics, type SelectOptions } from './select.js';
export { ruleFor, LENGTH_RULES, MAX_TRIM, TRIM_LADDER, type LengthRule } from './rules.js';
export * from './view.js';
