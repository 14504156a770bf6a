export { generate, packDocuments, LENGTH_BUDGET, type GenerateRequest, type GenerateResult, type ManifestEntry } from './generate.js';
export { buildDocument, renderDocument, type Built, type DocumentRequest, type Services } from './build.js';
export { fitToPages } from './fit.js';
export { safeName, MANIFEST } from './output.js';
