export { select, resolveTopics, selectionWarnings, type SelectOptions } from './select.js';
export { ruleFor, LENGTH_RULES, MAX_TRIM, TRIM_LADDER, type LengthRule } from './rules.js';
export * from './view.js';
export { SPOKEN_KINDS, sentence, DEFAULT_SPEECH_RATE, type SpeechWords } from './speech.js';
