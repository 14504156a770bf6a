export { nestsTooDeep, RICH_NESTING_LIMIT, toDocument, type ImageResolver } from './toDocument.js';
export { plainText } from './inlines.js';
