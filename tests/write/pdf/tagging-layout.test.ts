// Tagging moves nothing, on every bundled document and the combined PDF's document: the same pages,
// heading pages, and text at the same places on every page, tagged as untagged (the property test
// samples more packs and lengths).
import { describe, expect, it } from 'vitest';
import { buildDocument, planJobs } from '../../../src/pack/index.js';
import { combineDocuments } from '../../../src/pack/assemble/combine.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { lastRendering } from '../../../src/write/pdf/tagging.js';
import { themeLoader } from '../../../src/theme/index.js';
import type { Theme } from '../../../src/theme/index.js';
import type { Document } from '../../../src/document/model.js';
import type { WriteOptions } from '../../../src/write/types.js';
import { PACKS, setUp } from '../../fit/matrix.js';
import { layoutLines } from '../../helpers/pdf.js';

const { content, services, folder } = setUp(PACKS.bundled);
const themeFor = themeLoader();
const jobs = planJobs(content, folder, {});
const built = jobs.map((job) => ({ job, theme: themeFor(job.theme), document: buildDocument(content, job.request, { ...services, theme: themeFor(job.theme) }).document }));

async function sameLayout(document: Document, theme: Theme, options: WriteOptions = {}) {
  const tagged = await writePdf(document, theme, options);
  expect(lastRendering.untagged).toBe(0);
  const plain = await writePdf(document, theme, { ...options, tagged: false });
  return {
    tagged: { pages: tagged.pages, headingPages: tagged.headingPages, lines: await layoutLines(tagged.bytes) },
    plain: { pages: plain.pages, headingPages: plain.headingPages, lines: await layoutLines(plain.bytes) },
  };
}

describe('tagging changes no layout', () => {
  it.each(built.map((b) => [b.job.base, b] as const))('%s: same pages, heading pages and lines as untagged', async (_, { document, theme }) => {
    const { tagged, plain } = await sameLayout(document, theme);
    expect(tagged.lines.flat().length).toBeGreaterThan(40);
    expect(tagged).toEqual(plain);
  });

  it('the combined PDF: same pages, heading pages and lines as untagged', async () => {
    const [first] = jobs;
    const front = buildDocument(content, { ...first!.request, document: { id: 'combined', template: 'pack-cover', audience: 'internal' }, length: 'full', trim: 0 }, services);
    const document = combineDocuments(
      front.document,
      built.map((b, i) => ({ key: `d${i + 1}`, document: b.document })),
      front.document.metadata,
    );
    const partThemes = Object.fromEntries((document.metadata.parts ?? []).map((part, i) => [part.heading, built[i]!.theme]));
    const { tagged, plain } = await sameLayout(document, services.theme, { partThemes });
    expect(tagged.pages).toBeGreaterThan(20);
    expect(Object.keys(tagged.headingPages ?? {}).length).toBeGreaterThan(20);
    expect(tagged).toEqual(plain);
  });
});
