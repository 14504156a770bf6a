export { loadContent, codeFrame } from './load.js';
export * from './schema.js';
