// Words longer than the line. pdfmake cuts such a word at any character, but slowly; this module
// hands it over in pieces it cuts quickly, and mends the one case where pieces would let a line
// run past the margin.
import { createRequire } from 'node:module';

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

/** The text in pieces that pdfmake lays out in time linear in its length; short words untouched. */
export function layoutPieces(value: string): string[] {
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
  const require = createRequire(import.meta.url);
  const module = require('pdfmake/js/LayoutBuilder.js') as { default?: { prototype: { buildNextLine(node: TextNode): PdfLine | null } } };
  const proto = module.default?.prototype;
  if (!proto || typeof proto.buildNextLine !== 'function') throw new Error('pdfmake LayoutBuilder.buildNextLine is missing: pdfmake changed its internals.');
  const build = proto.buildNextLine;
  proto.buildNextLine = function (this: unknown, node: TextNode): PdfLine | null {
    const line = build.call(this, node);
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
keepLinesInside();
