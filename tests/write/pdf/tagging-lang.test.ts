// A combined PDF whose parts are in different languages: the catalogue names the pack's language,
// and a part in another language is a Div whose /Lang is the part's, so a screen reader switches
// voice for it (Matterhorn 11-001 for text in another language).
import { describe, expect, it } from 'vitest';
import { buildDocument, planJobs } from '../../../src/pack/index.js';
import { combineDocuments } from '../../../src/pack/assemble/combine.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import { elements, readTags, squeeze } from '../../helpers/tags.js';
import { PACKS, setUp } from '../../fit/matrix.js';

const { content, services, folder } = setUp(PACKS.bundled);

describe('a part in another language', () => {
  it('is a Div with its own /Lang; the parts in the pack language carry none', async () => {
    const specs = planJobs(content, folder, { documents: ['annex', 'handout'] });
    const parts = specs.map((job, i) => {
      const request = job.spec.id === 'handout' ? { ...job.request, lang: 'fr' } : job.request;
      return { key: `d${i + 1}`, document: buildDocument(content, request, services).document };
    });
    expect(parts.map((p) => p.document.metadata.language)).toEqual(['en-GB', 'fr']);
    const front = buildDocument(content, { ...specs[0]!.request, document: { id: 'combined', template: 'pack-cover', audience: 'internal' }, length: 'full', trim: 0 }, services);
    const written = await writePdf(combineDocuments(front.document, parts, front.document.metadata), services.theme);
    const tags = await readTags(written.bytes);
    expect(tags.language).toBe('en-GB');
    const all = tags.pages.flatMap((p) => elements(p.tree));
    const french = all.filter((e) => e.lang === 'fr');
    expect(french.length).toBeGreaterThan(0);
    expect(french.every((e) => e.role === 'Div')).toBe(true);
    // The French part's title and text are inside it; the English part's are not.
    const inFrench = squeeze(french.map((e) => e.fullText).join(''));
    expect(inFrench).toContain(squeeze(parts[1]!.document.metadata.title).slice(0, 10));
    expect(inFrench).not.toContain(squeeze(parts[0]!.document.metadata.title));
    expect(all.filter((e) => e.lang !== undefined && e.lang !== 'fr')).toEqual([]);
  });
});
