// Tagging invariants over every pack, document, length and topic: text is never drawn outside
// marked content, headings follow the outline, and tagging moves nothing (same pages and heading
// pages as the same document untagged).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDocument, planJobs } from '../../../src/pack/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { lastRendering } from '../../../src/write/pdf/tagging.js';
import { themeLoader } from '../../../src/theme/index.js';
import { PACKS, setUp } from '../../fit/matrix.js';
import { headings, readTags, squeeze } from '../../helpers/tags.js';

const setups = Object.values(PACKS).map((data) => setUp(data));
const themeFor = themeLoader();

const caseArb = fc
  .record({
    pack: fc.nat({ max: setups.length - 1 }),
    length: fc.constantFrom('short' as const, 'standard' as const, 'full' as const),
    topic: fc.option(fc.nat(), { nil: undefined }),
    document: fc.nat(),
  })
  .map(({ pack, length, topic, document }) => {
    const { content, services, folder } = setups[pack]!;
    const topics = topic === undefined || content.topics.length === 0 ? [] : [content.topics[topic % content.topics.length]!.id];
    const jobs = planJobs(content, folder, { length, topics });
    const job = jobs[document % jobs.length]!;
    return { label: `${job.base} (${length}${topics.length ? `, ${topics[0]}` : ''})`, job, content, services };
  });

describe('tagging over every pack, document, length and topic', () => {
  it('covers all text, follows the outline and changes no layout', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ label, job, content, services }) => {
        const theme = themeFor(job.theme);
        const { document } = buildDocument(content, job.request, { ...services, theme });
        const tagged = await writePdf(document, theme);
        expect(lastRendering.untagged, label).toBe(0);
        const plain = await writePdf(document, theme, { tagged: false });
        expect(tagged.pages, label).toBe(plain.pages);
        expect(tagged.headingPages, label).toEqual(plain.headingPages);
        const tags = await readTags(tagged.bytes);
        expect(tags.pages.map((p) => p.textOutsideMarkedContent + p.orphanSequences), label).toEqual(tags.pages.map(() => 0));
        const outline = tags.outline.map((o) => `H${o.depth} ${squeeze(o.title)}`);
        const found = headings(tags).map((h) => `${h.role} ${squeeze(h.text)}`);
        expect(found.filter((h) => outline.includes(h)), label).toEqual(outline);
      }),
      { numRuns: 8, seed: 17 },
    );
  }, 240_000);
});
