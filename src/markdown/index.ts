export { toDocument, type ImageResolver } from './toDocument.js';
export { plainText } from './inlines.js';
