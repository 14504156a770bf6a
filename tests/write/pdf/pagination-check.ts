// Reads a laid-out PDF back as lines of body text per page (pdfjs positions, running header and
// footer left out) and checks the pagination rules against the document model it came from:
// no heading in the last two lines of a page, and no paragraph with a single line alone at the
// foot or the top of a page, and no blank page.
import type { Block, Document, Inline } from '../../../src/document/model.js';
import type { Theme } from '../../../src/theme/schema.js';
import { readPdf } from '../../helpers/pdf.js';
import { labelsOf } from '../../../src/write/labels.js';

export interface BodyLine {
  readonly text: string;
  /** Letters only, lower case: what is compared with the model's text. */
  readonly key: string;
  /** Distance from the top of the page, in points. */
  readonly top: number;
}

/** Only letters count: footnote markers, punctuation and spacing differ between model and print. */
const letters = (text: string): string => text.toLowerCase().replace(/[^\p{L}]/gu, '');

/** Body lines per page, top to bottom; items within 4 pt of each other (a raised note marker) share a line. */
export async function bodyLines(bytes: Uint8Array, theme: Theme): Promise<BodyLine[][]> {
  const pdf = await readPdf(bytes);
  return pdf.pages.map((page) => {
    const items = page.items
      .filter((item) => item.str.trim() !== '')
      .map((item) => ({ str: item.str, x: item.x, top: page.height - item.y }))
      // The running header and footer sit in the margins.
      .filter((item) => item.top >= theme.page.margins.top - 2 && item.top <= page.height - theme.page.margins.bottom + 4)
      .sort((a, b) => a.top - b.top || a.x - b.x);
    const lines: { parts: typeof items; top: number }[] = [];
    for (const item of items) {
      const last = lines.at(-1);
      if (last && Math.abs(item.top - last.top) < 4) last.parts.push(item);
      else lines.push({ parts: [item], top: item.top });
    }
    return lines.map((line) => {
      const text = line.parts.sort((a, b) => a.x - b.x).map((p) => p.str).join(' ');
      return { text, key: letters(text), top: line.top };
    });
  });
}

function plain(nodes: readonly Inline[]): string {
  return nodes.map((n) => (n.type === 'text' || n.type === 'code' ? n.value : 'children' in n ? plain(n.children) : ' ')).join('');
}

/** The document's headings and paragraphs (list items, callouts and notes included), as letters. */
function modelTexts(doc: Document): { headings: Map<string, number>; paragraphs: string[] } {
  // Each heading's depth, by its letters (the first, if two headings read alike).
  const headings = new Map<string, number>();
  const paragraphs: string[] = [];
  const visit = (blocks: readonly Block[], inCover: boolean): void => {
    for (const block of blocks) {
      if (block.type === 'heading' && !inCover && !headings.has(letters(plain(block.children)))) headings.set(letters(plain(block.children)), block.depth);
      else if (block.type === 'paragraph') paragraphs.push(letters(plain(block.children)));
      else if (block.type === 'cover') visit(block.children, true);
      else if (block.type === 'callout') visit(block.children, inCover);
      else if (block.type === 'list') for (const item of block.items) visit(item.children, inCover);
    }
  };
  visit(doc.blocks, false);
  for (const note of Object.values(doc.footnotes)) visit(note.children, false);
  return { headings, paragraphs: paragraphs.filter((p) => p.length > 0) };
}

/**
 * Where the rules are broken, as readable lines. A heading is a line whose letters are exactly a
 * heading's; a paragraph split by a page break is found by the letters of the last line of one
 * page and the first of the next running on inside one paragraph of the model.
 */
export function paginationProblems(pages: readonly (readonly BodyLine[])[], doc: Document): string[] {
  const notesTitle = labelsOf(doc.metadata).notes;
  const { headings, paragraphs } = modelTexts(doc);
  const problems: string[] = [];
  pages.forEach((lines, p) => {
    // A page with nothing between its running header and footer is a page thrown away.
    if (lines.length === 0) problems.push(`page ${p + 1}: blank`);
    lines.forEach((line, i) => {
      // A heading must have two lines below it on its page (the document's last heading may end it).
      const below = lines.length - 1 - i;
      const last = p === pages.length - 1 && i === lines.length - 1;
      // A section that ends with one line on this page, the next page opening a new section,
      // brings all it has (the notes are a section of the document's top level).
      const opening = pages[p + 1]?.[0]?.key ?? '';
      const nextSection = opening === letters(notesTitle) ? 1 : headings.get(opening);
      const sectionEnds = below === 1 && paragraphs.includes(lines[i + 1]!.key) && nextSection !== undefined && nextSection <= (headings.get(line.key) ?? 0);
      if (headings.has(line.key) && below < 2 && !last && !sectionEnds && pages.slice(p + 1).some((next) => next.length > 0)) {
        problems.push(`page ${p + 1}: heading "${line.text}" has ${below} line(s) below it`);
      }
    });
    const next = pages[p + 1];
    const foot = lines.at(-1);
    const head = next?.[0];
    // A line of no letters (a table row of figures) or a heading cannot be read as part of a paragraph.
    if (!foot || !head || foot.key === '' || head.key === '' || headings.has(head.key)) return;
    const paragraph = paragraphs.find((text) => text.includes(foot.key + head.key));
    if (!paragraph) return;
    // Lines of that paragraph on each side of the break.
    let before = 1;
    while (before < lines.length && paragraph.includes(lines.slice(lines.length - before - 1).map((l) => l.key).join(''))) before++;
    let after = 1;
    while (after < next.length && paragraph.includes(next.slice(0, after + 1).map((l) => l.key).join(''))) after++;
    if (before < 2) problems.push(`page ${p + 1}: one line of a paragraph alone at the foot ("${foot.text}")`);
    if (after < 2) problems.push(`page ${p + 2}: one line of a paragraph alone at the top ("${head.text}")`);
  });
  return problems;
}

/** Letters of the first text of a block: a heading's or paragraph's, a list's first item's. */
function firstText(block: Block | undefined): string {
  if (!block) return '';
  if (block.type === 'heading' || block.type === 'paragraph') return letters(plain(block.children));
  if (block.type === 'list') return firstText(block.items[0]?.children[0]);
  if (block.type === 'callout') return block.title ? letters(plain(block.title)) : firstText(block.children[0]);
  if (block.type === 'cover') return firstText(block.children[0]);
  if (block.type === 'tableOfContents') return letters(block.title);
  return '';
}

/**
 * Pages that end a section (the document's last, or one before a page a forced break begins) and
 * hold less than `least` of their text area, run over from the page before: a speech's last line
 * alone on a page, the last notes of a list. `textHeight` is the page's text area in points.
 */
export function shortSectionEnds(pages: readonly (readonly BodyLine[])[], doc: Document, margins: { top: number }, textHeight: number, least = 0.18): string[] {
  // What a page begun by a forced break opens with: the block after each break, and after the cover.
  const openings = doc.blocks.flatMap((block, i) => (block.type === 'pageBreak' || block.type === 'cover' ? [firstText(doc.blocks[i + 1])] : [])).filter((key) => key.length > 0);
  const opens = (page: readonly BodyLine[] | undefined): boolean => {
    const key = page?.[0]?.key ?? '';
    return key.length > 0 && openings.some((o) => o.startsWith(key) || key.startsWith(o));
  };
  const problems: string[] = [];
  pages.forEach((lines, p) => {
    if (p === 0 || lines.length === 0 || opens(lines)) return;
    const endsSection = p === pages.length - 1 || opens(pages[p + 1]);
    const fill = (lines.at(-1)!.top - margins.top) / textHeight;
    if (endsSection && fill < least) problems.push(`page ${p + 1}: ends its section holding ${Math.round(fill * 100)} % of the page ("${lines.at(-1)!.text}")`);
  });
  return problems;
}
