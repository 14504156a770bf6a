// Defects of the reader that outside suites found: each case failed before its fix.
import { describe, expect, it } from 'vitest';
import type { Block, Inline } from '../../src/document/model.js';
import { plainText, toDocument } from '../../src/markdown/index.js';
import { escapeMarkdown } from '../../src/template/index.js';

const metadata = { title: 't', language: 'en-GB', created: new Date(0) };
const parse = (markdown: string) =>
  toDocument(markdown, {
    metadata,
    sourceName: 'test.md',
    resolveImage: () => ({ data: new Uint8Array(), format: 'png', pixelWidth: 1, pixelHeight: 1 }),
  });

/** The inlines of a paragraph or heading, a callout's title. */
const inlinesOf = (block: Block | undefined): readonly Inline[] =>
  block?.type === 'paragraph' || block?.type === 'heading' ? block.children : block?.type === 'callout' ? (block.title ?? []) : [];

describe('the reader', () => {
  it('reads a link to a malformed anchor without ending the run', () => {
    const { document } = parse('[x](#%FF) and [y](#caf%C3%A9)\n');
    expect(document.blocks[0]).toMatchObject({
      children: [{ type: 'crossReference', target: '%FF' }, { value: ' and ' }, { type: 'crossReference', target: 'café' }],
    });
  });

  it('keeps the lists, quotes, headings and tables of a footnote', () => {
    const md = 'Claim[^n]\n\n[^n]: First paragraph.\n\n    - one\n    - two\n\n    > quoted\n\n    ## Heading\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n';
    const note = parse(md).document.footnotes['n']!;
    expect(note.children.map((b) => b.type)).toEqual(['paragraph', 'list', 'callout', 'paragraph', 'table']);
    // A heading has no place in a note's outline: it prints as a bold line.
    expect(note.children[3]).toMatchObject({ children: [{ type: 'strong', children: [{ value: 'Heading' }] }] });
  });

  it('keeps a note labelled __proto__ or constructor', () => {
    const { document } = parse('A[^__proto__] B[^constructor]\n\n[^__proto__]: Proto note.\n\n[^constructor]: Constructor note.\n');
    expect(Object.hasOwn(document.footnotes, '__proto__')).toBe(true);
    expect(Object.keys(document.footnotes)).toEqual(['__proto__', 'constructor']);
    expect(plainText(inlinesOf(document.footnotes['__proto__']!.children[0]))).toBe('Proto note.');
  });

  it('gives an inline note an id no label takes', () => {
    const { document } = parse('Inline^[Inline text.] and labelled[^note-1]\n\n[^note-1]: Labelled text.\n');
    const refs = inlinesOf(document.blocks[0]).flatMap((c) => (c.type === 'footnoteReference' ? [c.id] : []));
    expect(new Set(refs).size).toBe(2);
    const bodies = refs.map((id) => plainText(inlinesOf(document.footnotes[id]!.children[0])));
    expect(bodies).toEqual(['Inline text.', 'Labelled text.']);
  });

  it('gives an image the text of its description as alt text', () => {
    const { document } = parse('![foo *bar* `baz`](x.png)\n\nInline ![an *image*](y.png) here\n');
    expect(document.blocks[0]).toMatchObject({ type: 'image', alt: 'foo bar baz' });
    expect(plainText(inlinesOf(document.blocks[1]))).toBe('Inline an image here');
  });

  it('prints a value in a directive argument as typed', () => {
    const title = 'Q&A *with* {{braces}} [x]';
    const { document } = parse(`::: callout note ${escapeMarkdown(title)}\nBody\n:::\n\n::: toc ${escapeMarkdown(title)}\n:::\n`);
    expect(plainText(inlinesOf(document.blocks[0]))).toBe(title);
    expect(document.blocks[1]).toMatchObject({ type: 'tableOfContents', title });
  });
});
