// Nesting deeper than the writers lay out (src/document/depth.ts): a list 1,000 deep or quotes
// 1,000 deep in a rich field print every word, at most 9 list levels and 4 boxes deep, with a
// warning, in both formats.
import { describe, expect, it } from 'vitest';
import { limitNesting, MAX_BOX_DEPTH, MAX_LIST_DEPTH } from '../../src/document/depth.js';
import type { Block, Document } from '../../src/document/model.js';
import { loadTheme } from '../../src/theme/index.js';
import { writeDocx } from '../../src/write/docx/index.js';
import { writePdf } from '../../src/write/pdf/index.js';
import { readDocx } from '../helpers/docx.js';
import { readPdf } from '../helpers/pdf.js';
import { deepFreeze, doc, para, t } from './pdf/helpers.js';

const DEEP = 1000;

/** A list `depth` deep whose item at each level reads "level n". */
function deepList(depth: number, ordered = false): Block {
  let list: Block | undefined;
  for (let n = depth; n >= 1; n--) {
    const children: Block[] = [para(t(`level ${n}`)), ...(list ? [list] : [])];
    list = { type: 'list', ordered, start: 1, items: [{ children }] };
  }
  return list!;
}

function deepQuote(depth: number): Block {
  let box: Block = para(t(`quote ${depth}`));
  for (let n = depth - 1; n >= 1; n--) box = { type: 'callout', variant: 'note', children: [para(t(`quote ${n}`)), box] };
  return { type: 'callout', variant: 'note', title: [t('Outer')], children: [box] };
}

const listDepth = (blocks: readonly Block[]): number =>
  Math.max(0, ...blocks.map((b) => (b.type === 'list' ? 1 + Math.max(0, ...b.items.map((i) => listDepth(i.children))) : b.type === 'callout' ? listDepth(b.children) : 0)));
const boxDepth = (blocks: readonly Block[]): number =>
  Math.max(0, ...blocks.map((b) => (b.type === 'callout' ? 1 + boxDepth(b.children) : b.type === 'list' ? Math.max(0, ...b.items.map((i) => boxDepth(i.children))) : 0)));
/** Every text value in document order; iterative, as the input is too deep to walk recursively. */
function texts(root: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...[...value].reverse());
    else if (value && typeof value === 'object') {
      if ('value' in value && typeof value.value === 'string') out.push(value.value);
      else stack.push(...Object.values(value).reverse());
    }
  }
  return out;
}

describe('limitNesting', () => {
  it('flattens a list 1,000 deep to 9 levels, keeping every item in order, with a warning', () => {
    const input = deepFreeze(doc([para(t('Before')), deepList(DEEP, true), para(t('After'))]));
    const { document, diagnostics } = limitNesting(input);
    expect(listDepth(document.blocks)).toBe(MAX_LIST_DEPTH);
    expect(texts(document.blocks)).toEqual(texts(input.blocks));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'NestingFlattened', severity: 'warning' });
    expect(diagnostics[0]!.message).toContain('9 levels');
  });

  it('flattens however deep the input goes, without running out of stack', () => {
    const { document } = limitNesting(doc([deepList(50_000), deepQuote(50_000)]));
    expect(listDepth(document.blocks)).toBe(MAX_LIST_DEPTH);
    expect(texts(document.blocks)).toHaveLength(100_001);
  });

  it('gives quotes nested 1,000 deep to the fourth box, keeping every line and the title', () => {
    const { document, diagnostics } = limitNesting(deepFreeze(doc([deepQuote(DEEP)])));
    expect(boxDepth(document.blocks)).toBe(MAX_BOX_DEPTH);
    expect(texts(document.blocks)).toEqual(['Outer', ...Array.from({ length: DEEP }, (_, i) => `quote ${i + 1}`)]);
    expect(diagnostics.map((d) => d.code)).toEqual(['BoxesFlattened']);
  });

  it('leaves a document within the limits as it is, without a warning', () => {
    const input = deepFreeze(doc([deepList(MAX_LIST_DEPTH), deepQuote(MAX_BOX_DEPTH - 1)]));
    const { document, diagnostics } = limitNesting(input);
    expect(document).toBe(input);
    expect(diagnostics).toEqual([]);
  });
});

describe('both writers, after the limit', () => {
  const theme = loadTheme('default');
  const limited = (): Document => limitNesting(doc([deepList(DEEP), deepQuote(DEEP)])).document;

  it('writes a DOCX whose list levels Word can number, with every item', async () => {
    const written = await writeDocx(limited(), theme);
    const xml = (await readDocx(written.bytes)).xml('word/document.xml');
    const levels = [...xml.matchAll(/<w:ilvl w:val="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(Math.max(...levels)).toBe(MAX_LIST_DEPTH - 1);
    for (const n of [1, 9, 10, 500, DEEP]) expect(xml).toContain(`>level ${n}<`);
    expect(xml).toContain(`>quote ${DEEP}<`);
  });

  it('writes a PDF with every item inside the page', async () => {
    const written = await writePdf(limited(), theme);
    const pdf = await readPdf(written.bytes);
    const text = pdf.pages.map((p) => p.text).join('\n');
    for (const n of [1, 9, 10, 500, DEEP]) expect(text).toContain(`level ${n}`);
    expect(text).toContain(`quote ${DEEP}`);
    for (const page of pdf.pages) for (const item of page.items) expect(item.x + item.width).toBeLessThanOrEqual(page.width);
  });
});
