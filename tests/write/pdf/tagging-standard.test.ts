// PDF/A-2: the identification (XMP pdfaid) and sRGB output intent pdfkit writes, from the option
// or the theme, combined with tagging; the default file claims no standard.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { loadTheme } from '../../../src/theme/index.js';
import { writePdf } from '../../../src/write/pdf/index.js';
import type { WriteOptions } from '../../../src/write/types.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { readTags } from '../../helpers/tags.js';

const theme = loadTheme('default');

/** The XMP fields pdf.js reads, and the catalogue's output intent as written. */
async function standardOf(bytes: Uint8Array) {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const { metadata } = (await doc.getMetadata()) as { metadata: { getAll(): Record<string, unknown> } | null };
    const raw = Buffer.from(bytes).toString('latin1');
    return {
      xmp: metadata?.getAll() ?? {},
      outputIntent: /\/OutputIntents \[\d+ 0 R\]/.test(raw) && raw.includes('/S /GTS_PDFA1') && raw.includes('/DestOutputProfile'),
      srgb: raw.includes('(sRGB IEC61966-2.1)'),
    };
  } finally {
    await doc.destroy();
  }
}

const write = (options: WriteOptions = {}, t = theme) => writePdf(sampleDocument(), t, options);

describe('PDF/A-2', () => {
  it('is not claimed by default', async () => {
    const found = await standardOf((await write()).bytes);
    expect(JSON.stringify(found.xmp)).not.toContain('pdfaid');
    expect(found.outputIntent).toBe(false);
  });

  it('a-2b: part 2, conformance B, an sRGB output intent, and still tagged', async () => {
    const written = await write({ pdfStandard: 'a-2b' });
    const found = await standardOf(written.bytes);
    expect(found.xmp).toMatchObject({ 'pdfaid:part': '2', 'pdfaid:conformance': 'B' });
    expect(found.outputIntent).toBe(true);
    expect(found.srgb).toBe(true);
    const tags = await readTags(written.bytes);
    expect(tags.markInfo?.Marked).toBe(true);
    expect(tags.pages.every((p) => p.textOutsideMarkedContent === 0)).toBe(true);
  });

  it('a-2a on a tagged file; refused on an untagged one', async () => {
    const found = await standardOf((await write({ pdfStandard: 'a-2a' })).bytes);
    expect(found.xmp).toMatchObject({ 'pdfaid:part': '2', 'pdfaid:conformance': 'A' });
    await expect(write({ pdfStandard: 'a-2a', tagged: false })).rejects.toThrow(/needs a tagged PDF/);
  });

  it('comes from the theme when the run does not say', async () => {
    const found = await standardOf((await write({}, { ...theme, pdfStandard: 'a-2b' })).bytes);
    expect(found.xmp).toMatchObject({ 'pdfaid:part': '2', 'pdfaid:conformance': 'B' });
  });

  it('lays out the same pages as the plain file', async () => {
    const [plain, archival] = await Promise.all([write(), write({ pdfStandard: 'a-2b' })]);
    expect(archival.pages).toBe(plain.pages);
    expect(archival.headingPages).toEqual(plain.headingPages);
  });
});
