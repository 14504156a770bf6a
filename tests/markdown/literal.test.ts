import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION, type Block, type Inline } from '../../src/document/model.js';
import { plainText, toDocument } from '../../src/markdown/index.js';
import { escapeMarkdown } from '../../src/template/index.js';

const metadata = { title: 't', language: 'en-GB', created: new Date(0) };
const parse = (markdown: string) => toDocument(markdown, { metadata, sourceName: 'test.md' }).document;

/** What a literal value should look like once printed: whitespace folded, control characters gone. */
const printed = (value: string) =>
  value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .trim();

const HOSTILE = [
  '*bold* _x_ **y**',
  '# not a heading',
  '- not a list',
  '1. not a list either',
  '[a](b) ![img](x.png)',
  '| a | b |',
  '`code` ``more``',
  '{{x}} {{> p}} {{{raw}}}',
  '<script>alert(1)</script>',
  '&amp; &#x41; &copy;',
  '> quote',
  '::: cover',
  'back\\slash \\*',
  'a\u0001b\u0007c',
  '[^1] footnote-like',
  'heading id {#x}',
  '~~strike~~ ~sub~',
  '+ plus',
  '= setext',
  'https://example.org/a_b_(c)',
];

function textOf(block: Block | undefined): string {
  if (!block) return '';
  if (block.type === 'paragraph' || block.type === 'heading') return plainText(block.children as Inline[]);
  if (block.type === 'list') return block.items.map((i) => i.children.map(textOf).join('')).join('');
  return JSON.stringify(block);
}

describe('literal content', () => {
  it.each(HOSTILE)('prints %j as typed in a paragraph', (value) => {
    const doc = parse(`${escapeMarkdown(value)}\n`);
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0]!.type).toBe('paragraph');
    expect(textOf(doc.blocks[0])).toBe(printed(value));
  });

  it.each(HOSTILE)('prints %j as typed in a heading, list item and table cell', (value) => {
    const e = escapeMarkdown(value);
    const doc = parse(`## ${e}\n\n- ${e}\n\n| A |\n|---|\n| ${e} |\n`);
    expect(textOf(doc.blocks[0])).toBe(printed(value));
    expect(textOf(doc.blocks[1])).toBe(printed(value));
    const table = doc.blocks[2];
    expect(table?.type).toBe('table');
    if (table?.type === 'table') expect(plainText(table.rows[0]![0]!)).toBe(printed(value));
  });

  it('holds for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        fc.pre(printed(value).length > 0);
        const doc = parse(`${escapeMarkdown(value)}\n`);
        expect(textOf(doc.blocks[0])).toBe(printed(value));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps Markup (rich text) as Markdown', () => {
    const doc = parse(`${escapeMarkdown({ toHTML: () => 'Some **bold**' })}\n`);
    expect(doc.blocks[0]).toMatchObject({ type: 'paragraph', children: [{ type: 'text', value: 'Some ' }, { type: 'strong' }] });
  });
});

describe('toDocument', () => {
  it('reads directives, footnotes, tables, links and explicit ids', () => {
    const md = [
      '::::: cover',
      '# Title',
      '',
      '::: lead',
      'Lead text',
      ':::',
      ':::::',
      '',
      '::: toc Contents depth=3',
      ':::',
      '',
      '## Section {#sec}',
      '',
      'See [there](#sec) and [site](https://example.org).[^n1]',
      '',
      '::: callout key Key messages',
      '- one',
      ':::',
      '',
      '| Date | Item |',
      '|---|:-:|',
      '| 8 July | Opening |',
      '',
      '::: pagebreak',
      ':::',
      '',
      '[^n1]: A note.',
    ].join('\n');
    const doc = parse(md);
    expect(doc.modelVersion).toBe(MODEL_VERSION);
    const types = doc.blocks.map((b) => b.type);
    expect(types).toEqual(['cover', 'tableOfContents', 'heading', 'paragraph', 'callout', 'table', 'pageBreak']);
    const cover = doc.blocks[0]!;
    if (cover.type !== 'cover') throw new Error('cover');
    expect(cover.children.map((b) => b.type)).toEqual(['heading', 'paragraph']);
    expect(cover.children[0]).toMatchObject({ toc: false });
    expect(cover.children[1]).toMatchObject({ role: 'lead' });
    expect(doc.blocks[1]).toMatchObject({ title: 'Contents', maxDepth: 3 });
    expect(doc.blocks[2]).toMatchObject({ id: 'sec', toc: true, depth: 2 });
    const para = doc.blocks[3]!;
    if (para.type !== 'paragraph') throw new Error('paragraph');
    expect(para.children.map((c) => c.type)).toEqual(['text', 'crossReference', 'text', 'link', 'text', 'footnoteReference']);
    expect(doc.footnotes['n1']?.children).toMatchObject([{ type: 'paragraph', children: [{ type: 'text', value: 'A note.' }] }]);
    expect(doc.blocks[4]).toMatchObject({ type: 'callout', variant: 'key', title: [{ type: 'text', value: 'Key messages' }] });
    expect(doc.blocks[5]).toMatchObject({ type: 'table', columns: [{ align: 'left' }, { align: 'center' }] });
  });

  it('gives headings unique ids', () => {
    const doc = parse('## Background\n\n## Background\n');
    expect(doc.blocks.map((b) => (b.type === 'heading' ? b.id : ''))).toEqual(['background', 'background-2']);
  });

  it('warns instead of dropping a relative link silently', () => {
    const { diagnostics } = toDocument('[x](file.txt)\n', { metadata, sourceName: 't.md' });
    expect(diagnostics.map((d) => d.code)).toContain('LinkNotRendered');
  });

  it('leaves no empty paragraph', () => {
    const doc = parse('\n\n\n::: lead\n:::\n\n');
    expect(doc.blocks).toEqual([]);
  });
});
