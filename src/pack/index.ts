export { generate, renderJob, type GenerateRequest, type GenerateResult, type ManifestEntry, type Rendered } from './generate.js';
export { planJobs, packDocuments, LENGTH_BUDGET } from './plan/plan.js';
export { buildDocument } from './compose/build.js';
export { MANIFEST } from './output/output.js';
export { titleOf } from './compose/labels.js';
