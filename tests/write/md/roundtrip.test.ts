import { describe, expect, it } from 'vitest';
import { toDocument } from '../../../src/markdown/index.js';
import { writeMarkdown } from '../../../src/write/md/index.js';
import { loadTheme } from '../../../src/theme/index.js';
import { sampleDocument } from '../../fixtures/sample-document.js';

const strip = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (key, v) => (key === 'source' || key === 'data' || key === 'weight' ? undefined : v)));

describe('Markdown writer', () => {
  it('writes Markdown that parses back to the same document', async () => {
    const doc = sampleDocument();
    const written = await writeMarkdown(doc, loadTheme());
    const markdown = new TextDecoder().decode(written.bytes);
    const back = toDocument(markdown, {
      metadata: doc.metadata,
      sourceName: 'round.md',
      resolveImage: () => ({ data: new Uint8Array(), format: 'png', pixelWidth: 1, pixelHeight: 1 }),
    });
    expect(back.diagnostics).toEqual([]);
    // GFM tables carry no widths; the sample's image has no file name, so the writer names it by format.
    const expected = strip(doc.blocks) as { children?: { src?: string }[] }[];
    expect(strip(back.document.blocks)).toEqual(
      JSON.parse(JSON.stringify(expected).replace('"alt":"Sample logo"', '"alt":"Sample logo","src":"image.png"')),
    );
    expect(strip(back.document.footnotes)).toEqual(strip(doc.footnotes));
  });
});
