export { loadContent } from './load.js';
export * from './schema.js';
