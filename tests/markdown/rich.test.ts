// Rich-text fields are parsed on their own: nothing in one field (an unclosed fence, a directive,
// a link definition, a footnote label) reaches past it, as the README promises.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, Document } from '../../src/document/model.js';
import { fixedEnv } from '../../src/env.js';
import { plainText, toDocument } from '../../src/markdown/index.js';
import { generate } from '../../src/pack/index.js';
import { RichText } from '../../src/select/index.js';
import { escapeMarkdown } from '../../src/template/index.js';
import { writePack } from '../errors/pack-builder.js';

const metadata = { title: 't', language: 'en-GB', created: new Date(0) };
const parse = (markdown: string) => toDocument(markdown, { metadata, sourceName: 'test.md' });
const rich = (markdown: string) => escapeMarkdown(new RichText(markdown));

/** Every block of a document, nested ones included, in order. */
function walk(blocks: readonly Block[]): Block[] {
  return blocks.flatMap((b) => [
    b,
    ...(b.type === 'cover' || b.type === 'callout' ? walk(b.children) : b.type === 'list' ? walk(b.items.flatMap((i) => i.children)) : []),
  ]);
}
const types = (doc: Document) => walk(doc.blocks).map((b) => b.type);
const texts = (doc: Document) => walk(doc.blocks).flatMap((b) => (b.type === 'paragraph' || b.type === 'heading' ? [plainText(b.children)] : []));

const FENCE = 'Intro\n\n```\nunclosed fence';
const DIRECTIVES = '> ::: cover\n> # Injected\n\n- ::: pagebreak\n\n::: callout warning Boom\nx\n:::\n\n::: toc\n:::';

describe('a rich-text field', () => {
  it('cannot turn what follows it into code with an unclosed fence', () => {
    const { document } = parse(`## Position\n\n${rich(FENCE)}\n\n## Later\n\nLater **item**\n`);
    expect(types(document)).toEqual(['heading', 'paragraph', 'paragraph', 'heading', 'paragraph']);
    expect(document.blocks[2]).toMatchObject({ children: [{ type: 'code', value: 'unclosed fence' }] });
    expect(document.blocks[4]).toMatchObject({ children: [{ type: 'text', value: 'Later ' }, { type: 'strong' }] });
  });

  it('cannot open a cover, page break, callout or contents list', () => {
    const { document } = parse(`${rich(DIRECTIVES)}\n\nAfter\n`);
    const all = types(document);
    for (const type of ['cover', 'pageBreak', 'tableOfContents'] as const) expect(all).not.toContain(type);
    // The quote is a note callout of the field's own; its text is the directive line, as typed.
    expect(walk(document.blocks).filter((b) => b.type === 'callout' && b.variant === 'warning')).toEqual([]);
    expect(texts(document)).toEqual(expect.arrayContaining(['::: cover', '::: pagebreak', '::: callout warning Boom x :::', 'After']));
  });

  it('cannot lift a heading of its own out of the section it stands in: its headings nest under that section\'s', () => {
    const field = rich('# Injected {#own}\n\nText\n\n## Deeper\n\n#### Deepest');
    const { document } = parse(`# Topic\n\n## Position\n\n${field}\n\n## Later\n\n${rich('# First')}\n`);
    const headings = walk(document.blocks).flatMap((b) => (b.type === 'heading' ? [[plainText(b.children), b.depth, b.id]] : []));
    expect(headings).toEqual([
      ['Topic', 1, 'topic'],
      ['Position', 2, 'position'],
      ['Injected', 3, 'own'],
      ['Deeper', 4, 'deeper'],
      ['Deepest', 4, 'deepest'],
      ['Later', 2, 'later'],
      ['First', 3, 'first'],
    ]);
    // Before any heading of the template, a field's headings keep their levels.
    expect(parse(`${rich('# Alone')}\n`).document.blocks[0]).toMatchObject({ type: 'heading', depth: 1 });
  });

  it('keeps its Markdown where it stands in a line, a list item or a callout of the template', () => {
    const field = rich('Some *emphasis*');
    const { document } = parse(`## Head ${field}\n\n- ${field}\n\n::: callout key Title\n${field}\n:::\n`);
    expect(document.blocks[0]).toMatchObject({ type: 'heading', children: [{ value: 'Head Some ' }, { type: 'emphasis' }] });
    expect(document.blocks[1]).toMatchObject({ type: 'list', items: [{ children: [{ type: 'paragraph', children: [{ value: 'Some ' }, { type: 'emphasis' }] }] }] });
    expect(document.blocks[2]).toMatchObject({ type: 'callout', variant: 'key', children: [{ type: 'paragraph' }] });
  });

  it('has footnotes and link definitions of its own', () => {
    const a = rich('A[^1] [ref]\n\n[^1]: Note of A.\n\n[ref]: https://a.example');
    const b = rich('B[^1] [ref]\n\n[^1]: Note of B.');
    const { document } = parse(`${a}\n\n${b}\n`);
    const notes = Object.values(document.footnotes).map((n) => texts({ ...document, blocks: n.children }).join(''));
    expect(notes).toEqual(['Note of A.', 'Note of B.']);
    expect(document.blocks[0]).toMatchObject({ children: [{ value: 'A' }, { type: 'footnoteReference' }, { value: ' ' }, { type: 'link', url: 'https://a.example' }] });
    expect(texts({ ...document, blocks: [document.blocks[1]!] })[0]).toBe('B [ref]');
  });

  it('keeps its note apart from a note of the template with the same label', () => {
    const { document } = parse(`Cited[^s1]\n\n${rich('Field[^s1]\n\n[^s1]: Field note.')}\n\n[^s1]: Template note.\n`);
    const bodies = Object.fromEntries(Object.entries(document.footnotes).map(([id, n]) => [id, texts({ ...document, blocks: n.children }).join('')]));
    expect(bodies).toEqual({ s1: 'Template note.', 's1-2': 'Field note.' });
    expect(document.blocks[1]).toMatchObject({ children: [{ value: 'Field' }, { type: 'footnoteReference', id: 's1-2' }] });
  });

  it('cannot be forged by literal text', () => {
    const forged = escapeMarkdown('\u0002# Heading from data\u0003 \u00020\u0003');
    const { document } = parse(`${forged}\n\n${rich('real')}\n`);
    expect(texts(document)).toEqual(['# Heading from data 0', 'real']);
  });
});

describe('rich-text fields through the bundled templates', () => {
  it('stay inside their item in the written document', async () => {
    const data = writePack({
      pack: { summary: '- ::: pagebreak\n\n> ::: cover\n\nPurpose text' },
      topics: [{ id: 'tp', title: 'Topic one' }],
      items: [
        { id: 'a', kind: 'position', topics: ['tp'], headline: 'First position', detail: FENCE },
        { id: 'b', kind: 'position', topics: ['tp'], headline: 'Second position', detail: DIRECTIVES },
        // A malformed anchor once ended the run with 'URI malformed'.
        { id: 'c', kind: 'position', topics: ['tp'], headline: 'Third position', detail: 'Third **detail** [x](#%FF)' },
      ],
    });
    const out = mkdtempSync(join(tmpdir(), 'bp-rich-'));
    const result = await generate({ data, out, formats: ['md'], documents: ['steering'], length: 'full' }, fixedEnv(new Date('2025-03-01T00:00:00Z')));
    const file = result.files.find((f) => f.format === 'md')!;
    const { document } = parse(readFileSync(join(out, file.file), 'utf8'));
    const all = types(document);
    expect(all.filter((t) => t === 'cover').length).toBeLessThanOrEqual(1);
    expect(all).not.toContain('pageBreak');
    expect(walk(document.blocks).some((b) => b.type === 'callout' && b.variant === 'warning')).toBe(false);
    const shown = texts(document);
    expect(shown).toEqual(expect.arrayContaining(['Second position', 'Third position', 'Third detail x', '::: pagebreak', 'Purpose text']));
    // The third item's detail is Markdown, not the text of a code block.
    expect(walk(document.blocks).some((b) => b.type === 'paragraph' && b.children.some((c) => c.type === 'strong' && plainText(c.children) === 'detail'))).toBe(true);
  });
});
