export { toDocument, slug, type ImageResolver, type ToDocumentOptions, type ParsedDocument } from './toDocument.js';
export { plainText } from './inlines.js';
