import { describe, expect, it } from 'vitest';
import { toDocument } from '../../../src/markdown/index.js';
import { writeMarkdown } from '../../../src/write/md/index.js';
import { loadTheme } from '../../../src/theme/index.js';
import type { Block, Document, Inline } from '../../../src/document/model.js';
import { sampleDocument } from '../../fixtures/sample-document.js';
import { doc, t } from '../pdf/helpers.js';

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

/** The model written as Markdown and read back, with what depends on the source left out. */
async function again(doc: Document): Promise<{ markdown: string; back: unknown }> {
  const markdown = new TextDecoder().decode((await writeMarkdown(doc, loadTheme())).bytes);
  const back = toDocument(markdown, { metadata: doc.metadata, sourceName: 'round.md' }).document;
  return { markdown, back: strip({ blocks: back.blocks, footnotes: back.footnotes }) };
}
const model = (blocks: Block[], footnotes: Document['footnotes'] = {}): Document => ({ ...doc([]), blocks, footnotes });
const p = (...children: Inline[]): Block => ({ type: 'paragraph', role: 'body', children });

describe('Markdown writer round trip', () => {
  it.each([
    ['a code block with blank lines and lines that open blocks', [p({ type: 'code', value: 'first\n\n- item\n> quote\n~~~\n---\n```\n    indented' })]],
    ['code spans with backticks and edge spaces', [p(t('a '), { type: 'code', value: 'x``y' }, t(' b '), { type: 'code', value: ' padded ' }, t(' c '), { type: 'code', value: '`tick' }, t(' d'))]],
    ['a pipe in code in a table cell', [{ type: 'table', columns: [{ align: 'left', weight: 1 }], header: [[t('Head')]], rows: [[[{ type: 'code', value: 'a|b' }, t(' and | text')]]] }]],
    ['emphasis inside emphasis', [p({ type: 'emphasis', children: [{ type: 'emphasis', children: [t('foo')] }] }), p({ type: 'strong', children: [{ type: 'emphasis', children: [t('bar')] }] })]],
    ['a rule inside a list item', [{ type: 'list', ordered: false, start: 1, items: [{ children: [{ type: 'thematicBreak' }] }] }]],
    [
      'two lists in a row',
      [
        { type: 'list', ordered: false, start: 1, items: [{ children: [p(t('one'))] }] },
        { type: 'list', ordered: false, start: 1, items: [{ children: [p(t('two'))] }] },
        { type: 'list', ordered: true, start: 1, items: [{ children: [p(t('three'))] }] },
        { type: 'list', ordered: true, start: 4, items: [{ children: [p(t('four'))] }] },
      ],
    ],
    ['text opening with a tab or spaces, and ending with them', [p(t('\tTabbed')), p(t('    four spaces  ')), p(t('a'), { type: 'break' }, t('  after break'))]],
    ['a line break inside text', [p(t('one\ntwo'))]],
  ] as [string, Block[]][])('keeps %s', async (_, blocks) => {
    const { markdown, back } = await again(model(blocks));
    expect(back, markdown).toEqual(strip({ blocks, footnotes: {} }));
  });

  it('keeps a footnote of lists, quotes, code and tables', async () => {
    const note: Block[] = [
      p(t('Opening.')),
      { type: 'list', ordered: true, start: 1, items: [{ children: [p(t('one'))] }, { children: [p(t('two'))] }] },
      { type: 'callout', variant: 'note', children: [p(t('quoted'))] },
      p({ type: 'code', value: 'code\n\nmore' }),
      { type: 'table', columns: [{ align: 'left', weight: 1 }], header: [[t('H')]], rows: [[[t('c')]]] },
    ];
    const blocks = [p(t('Claim'), { type: 'footnoteReference', id: 'n' })];
    const { markdown, back } = await again(model(blocks, { n: { id: 'n', children: note } }));
    expect(back, markdown).toEqual(strip({ blocks, footnotes: { n: { id: 'n', children: note } } }));
  });
});
