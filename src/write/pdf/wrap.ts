// Words longer than the line. pdfmake cuts such a word at any character, but slowly; this module
// hands it over in pieces it cuts quickly, and mends the one case where pieces would let a line
// run past the margin.
import { pdfmakePrototype } from './vendor.js';

// pdfmake cuts a word wider than the line by measuring ever longer prefixes of what is left of it,
// line after line, and pdfkit keeps every prefix it measured: time and memory grow with the square
// of the word's length (minutes and gigabytes for a few thousand characters). A long run without a
// space goes to pdfmake in short pieces instead. pdfmake keeps fragments with no break opportunity
// between them together as one word, so the lines break where they did, but it cuts only inside
// one piece at a time. Pieces end between user-perceived characters (never inside an emoji or
// between a letter and its accent).
const PIECE = 32;
const LONG_RUN = new RegExp(`\\S{${2 * PIECE},}`, 'g');
// Grapheme boundaries depend only on nearby characters, so each is looked for in a short window:
// V8's segmenter takes time growing with the square of the text it walks.
const BEHIND = 32;
const AHEAD = 32;
let graphemes: Intl.Segmenter | undefined;

/**
 * The first grapheme boundary at or after `at`, or `end` if the run ends first. A character
 * longer than the window (a letter under hundreds of accents) is cut between two of its code
 * points, never inside a surrogate pair: one piece must stay short whatever the input.
 */
function boundaryFrom(value: string, at: number, end: number): number {
  graphemes ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  const from = Math.max(0, at - BEHIND);
  const to = Math.min(end, at + AHEAD);
  for (const { index } of graphemes.segment(value.slice(from, to))) {
    if (from + index >= at) return from + index;
  }
  if (to >= end) return end;
  const low = value.charCodeAt(at);
  return low >= 0xdc00 && low <= 0xdfff ? at + 1 : at;
}

// A document made again (a preview, then its file; the same document after an edit) hands over
// mostly the texts it did before: their pieces are kept by the text (the search for long runs and
// their grapheme boundaries was a fifth of building a layout's definition). Past the limit the
// cache starts again.
const cut = new Map<string, readonly string[]>();
const MAX_CUT = 20_000;

/** The text in pieces that pdfmake lays out in time linear in its length; short words untouched. */
export function layoutPieces(value: string): readonly string[] {
  let pieces = cut.get(value);
  if (!pieces) {
    if (cut.size >= MAX_CUT) cut.clear();
    cut.set(value, (pieces = cutIntoPieces(value)));
  }
  return pieces;
}

function cutIntoPieces(value: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const run of value.matchAll(LONG_RUN)) {
    const end = run.index + run[0].length;
    for (let at = run.index + PIECE; at < end; at += PIECE) {
      at = boundaryFrom(value, at, end);
      if (at >= end) break;
      pieces.push(value.slice(last, at));
      last = at;
    }
  }
  pieces.push(value.slice(last));
  return pieces;
}

// pdfmake flattens the fragments of a paragraph by copying the list built so far once for each
// fragment: time grows with the square of their number (a paragraph of thousands of bold and
// plain runs side by side, or of a long word's pieces, took minutes). Handed over in groups, in
// containers with no style of their own (so pdfmake's dropping the styles of nested text loses
// nothing: every fragment carries all of its own), it copies once per group instead.
const FEW_FRAGMENTS = 256;

/** The fragments as they are when few, else in about √n groups of about √n each. */
export function inGroups<T>(fragments: T[]): T[] | { text: T[] }[] {
  if (fragments.length <= FEW_FRAGMENTS) return fragments;
  const size = Math.ceil(Math.sqrt(fragments.length));
  const groups: { text: T[] }[] = [];
  for (let i = 0; i < fragments.length; i += size) groups.push({ text: fragments.slice(i, i + size) });
  return groups;
}

// What pdfmake's line breaking works with (LayoutBuilder.buildNextLine, Line).
interface PdfLine {
  readonly maxWidth: number;
  inlines: { width: number; trailingCut?: number; lineEnd?: boolean }[];
  inlineWidths: number;
  trailingCut: number;
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}
interface TextNode {
  _inlines: PdfLine['inlines'];
}

// pdfmake fills a line with the pieces of a long word and cuts the piece that reaches the margin,
// keeping at least one character of it: when the room left is narrower than that character, the
// line runs past the margin by it. (A whole word handed over at once is always cut at the start of
// a line, where one character fits.) Such a last piece goes back to start the next line instead.
function keepLinesInside(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', { buildNextLine(node: TextNode): PdfLine | null }>('pdfmake/js/LayoutBuilder.js', ['buildNextLine']);
  const build = proto.buildNextLine;
  proto.buildNextLine = function (this: unknown, node: TextNode): PdfLine | null {
    const rest = withinWindow(node);
    const line = build.call(this, node);
    if (line && rest && rest.next < rest.inlines.length) line.lastLineInParagraph = false;
    if (!line || line.inlines.length < 2 || line.getWidth() <= line.maxWidth + 0.01) return line;
    const last = line.inlines.pop()!;
    line.inlineWidths -= last.width;
    line.trailingCut = line.inlines.at(-1)!.trailingCut ?? 0;
    line.newLineForced = line.inlines.some((i) => i.lineEnd);
    line.lastLineInParagraph = false;
    node._inlines.unshift(last);
    return line;
  };
}

// pdfmake builds each line from the paragraph's list of fragments, taking the first with shift()
// and looking ahead with slice(1): a copy of all the rest for every fragment placed, time growing
// with the square of the fragments in a paragraph. It is handed a window of the next WINDOW
// fragments instead, refilled before each line from the rest, kept aside per window. A line holds
// far fewer fragments than a window (each is at least a character wide), so lines break as before.
const WINDOW = 512;
const asides = new WeakMap<PdfLine['inlines'], { inlines: PdfLine['inlines']; next: number }>();

function withinWindow(node: TextNode): { inlines: PdfLine['inlines']; next: number } | undefined {
  const current = node._inlines;
  if (!current) return undefined;
  let rest = asides.get(current);
  if (!rest) {
    // A paragraph met for the first time (or measured again, with a fresh list): set it aside.
    if (current.length <= 2 * WINDOW) return undefined;
    rest = { inlines: current, next: WINDOW };
    const window = current.slice(0, WINDOW);
    asides.set(window, rest);
    node._inlines = window;
    return rest;
  }
  const wanted = Math.min(WINDOW - current.length, rest.inlines.length - rest.next);
  for (let i = 0; i < wanted; i++) current.push(rest.inlines[rest.next++]!);
  return rest;
}
keepLinesInside();

interface PdfInline {
  readonly width: number;
  readonly trailingCut?: number;
  readonly noNewLine?: boolean;
}
interface LineProto {
  inlines: unknown[];
  newLineForced?: boolean;
  inlineWidths: number;
  leadingCut: number;
  maxWidth: number;
  hasEnoughSpaceForInline(inline: PdfInline, next?: readonly PdfInline[]): boolean;
}

// Whether the next word fits on the line: pdfmake adds up the widths of every fragment glued to it
// (no break opportunity between them: "**a**b**a**b…" is one word of many fragments) before it
// compares, for every fragment of the word; a paragraph of thousands of such fragments took
// time growing with their square. The sum only grows (a fragment's trailing space is part of its
// width), so the answer is known as soon as it passes the room left: the same answer, sooner.
function measureOnlyWhatFits(): void {
  const proto = pdfmakePrototype<'pdfmake/js/Line.js', LineProto>('pdfmake/js/Line.js');
  proto.hasEnoughSpaceForInline = function (this: LineProto, inline: PdfInline, next: readonly PdfInline[] = []): boolean {
    if (this.inlines.length === 0) return true;
    if (this.newLineForced) return false;
    const room = this.maxWidth - this.inlineWidths + this.leadingCut;
    let needed = inline.width - (inline.trailingCut ?? 0);
    if (needed > room) return false;
    if (!inline.noNewLine) return true;
    for (const fragment of next) {
      needed += fragment.width - (fragment.trailingCut ?? 0);
      if (needed > room) return false;
      if (!fragment.noNewLine) break;
    }
    return true;
  };
}
measureOnlyWhatFits();
