export { generate, renderJob, type GenerateRequest, type GenerateResult, type ManifestEntry, type Rendered } from './generate.js';
export { planJobs, packDocuments, safeName, LENGTH_BUDGET, type Job, type PlanOptions } from './plan/plan.js';
export { buildDocument, renderDocument, withLayout, type Built, type DocumentRequest, type Services } from './compose/build.js';
export { fitToPages } from './compose/fit.js';
export { MANIFEST } from './output/output.js';
export { titleOf } from './compose/labels.js';
