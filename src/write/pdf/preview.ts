// A preview PDF (WriteOptions.preview) is what `serve` shows while a user edits: laid out exactly
// as the file the CLI writes, drawn as cheaply as pdfkit allows. pdfmake draws a line word by word,
// each word a text object of its own with its colour, font and position set again; a preview draws
// each stretch of neighbouring words of one style as one run, and a line's plain runs in one text
// object of its own (drawRuns). The glyphs of a run are placed by the same advances pdfmake measured
// its words with (pdfkit measures and draws text split at spaces alike), so every glyph lands where
// the word-by-word drawing puts it.
//
// The renderer cannot see the writer's options, only pdfkit's: a preview is the one PDF this writer
// makes with its streams uncompressed, and that is how a line knows it is drawn for one.
import { pdfmakePrototype } from './vendor.js';

interface Inline {
  text: string;
  x: number;
  width: number;
  font: object;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  [key: string]: unknown;
}
interface Line {
  inlines: Inline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}
interface Position {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}
/** The parts of a pdfkit font (EmbeddedFont) that a line is drawn with. */
interface Font {
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], Position[]];
}
/** The parts of pdfmake's pdfkit document that a line is drawn with. */
interface PdfKit {
  options?: { compress?: boolean };
  page: { height: number; fonts: Record<string, unknown> };
  _font: unknown;
  _fontSize: number;
  opacity(opacity: number): unknown;
  fillColor(color: unknown): unknown;
  resolveColor(color: unknown, fallback: string): unknown;
  addContent(data: string): unknown;
}
interface Renderer {
  pdfDocument: PdfKit;
}

/** Whether a pdfkit document is a preview's (see the top of this file). */
const isPreviewDocument = (doc: { options?: { compress?: boolean } }): boolean => doc.options?.compress === false;

// What makes a word anything but plain text of its style: a link or destination (one annotation
// per word or run, see render.ts), a page reference filled in at drawing time, decoration,
// background, spacing, raised or lowered text, font features. Such words are drawn as pdfmake does.
// (Read field by field: this runs for every word of a preview.)
const plain = (w: Inline) =>
  !w.link && !w.linkToDestination && !w.linkToPage && !w._pageNodeRef && !w.decoration && !w.background && !w.characterSpacing && !w.sup && !w.sub && !w.fontFeatures && !w.justifyShift;

/** Whether `next` continues `run` in its style, starting where it ends. */
const continues = (run: Inline, next: Inline) =>
  next.font === run.font &&
  next.fontSize === run.fontSize &&
  next.color === run.color &&
  next.opacity === run.opacity &&
  Math.abs(run.x + run.width - next.x) < 1e-6 &&
  plain(next);

/** The line's words with each stretch of one style joined; the line's own list when nothing joins. */
export function joinedInlines(inlines: readonly Inline[]): readonly Inline[] {
  let out: Inline[] | undefined;
  let run: Inline | undefined;
  let runPlain = false;
  // Whether `run` is already a copy (the laid-out line stays as pdfmake made it).
  let copied = false;
  for (let i = 0; i < inlines.length; i++) {
    const inline = inlines[i]!;
    if (run && runPlain && continues(run, inline)) {
      out ??= inlines.slice(0, i);
      if (!copied) out[out.length - 1] = run = { ...run };
      copied = true;
      run.text += inline.text;
      run.width += inline.width;
    } else {
      out?.push(inline);
      run = inline;
      runPlain = plain(inline);
      copied = false;
    }
  }
  return out ?? inlines;
}

// pdfkit's number in a content stream (PDFObject.number): rounded to six decimals.
const number = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * Whether a run of a line is drawn as plain text (drawRuns): nothing pdfmake's renderLine does to it
 * besides text — a link, decoration, background, raised text (plain), the destination of a line
 * with an id (placed at its first run) — and no line break (pdfkit drops those before drawing).
 */
const plainRun = (line: Line, run: Inline, index: number) => plain(run) && !(index === 0 && line.id) && !run.text.includes('\n');

/**
 * A line's runs drawn as pdfmake and pdfkit draw them (the same baseline, glyphs, advances and
 * kerning adjustments, by pdfkit's arithmetic), without what each run of pdfkit's text() costs
 * and a plain run does not need: its options merged with the defaults, its own saved and
 * restored graphics state and flipped coordinates, and a fill of no path (pdfmake sets a run's
 * colour with fill()). The line's runs share one text object; a colour or transparency is set
 * only when a run changes it.
 */
function drawRuns(doc: PdfKit, line: Line, runs: readonly Inline[], x: number, y: number): void {
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  const height = doc.page.height;
  let opacity: number | undefined;
  let colour: unknown;
  let open = false;
  // The line's operators, written to the page at once (each write is a buffer of its own).
  const ops: string[] = [];
  const write = () => {
    if (ops.length > 0) doc.addContent(ops.join('\n'));
    ops.length = 0;
  };
  for (const run of runs) {
    if (run.text.length === 0) continue;
    const font = run.font as Font;
    const size = run.fontSize;
    const runOpacity = typeof run.opacity === 'number' ? run.opacity : 1;
    if (runOpacity !== opacity || run.color !== colour) {
      // Set outside the text object and the flipped coordinates, as pdfmake sets them.
      if (open) ops.push('ET Q');
      write();
      open = false;
      doc.opacity(runOpacity);
      doc.fillColor(doc.resolveColor(run.color, 'black'));
      opacity = runOpacity;
      colour = run.color;
    }
    if (!open) ops.push(`q 1 0 0 -1 0 ${number(height)} cm BT`);
    open = true;
    if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
    doc._font = font;
    doc._fontSize = size;
    // pdfmake's baseline for the run, then pdfkit's for text at its top ('top' is the default).
    const top = y + (lineHeight - (font.ascender / 1000) * size - descent);
    let gx = x + run.x;
    const gy = height - top - (font.ascender / 1000) * size;
    ops.push(`1 0 0 1 ${number(gx)} ${number(gy)} Tm /${font.id} ${number(size)} Tf`);
    const [encoded, positions] = font.encode(run.text);
    // pdfkit's _fragment from here: glyphs in runs between kerning adjustments, a glyph moved off
    // its place (a mark) positioned on its own.
    const scale = size / 1000;
    const commands: string[] = [];
    let last = 0;
    let moved = false;
    const segment = (cur: number) => {
      if (last < cur) {
        const advance = positions[cur - 1]!.xAdvance - positions[cur - 1]!.advanceWidth;
        commands.push(`<${encoded.slice(last, cur).join('')}> ${number(-advance)}`);
      }
      last = cur;
    };
    const flush = (cur: number) => {
      segment(cur);
      if (commands.length > 0) {
        ops.push(`[${commands.join(' ')}] TJ`);
        commands.length = 0;
      }
    };
    let i = 0;
    for (; i < positions.length; i++) {
      const position = positions[i]!;
      if (position.xOffset || position.yOffset) {
        flush(i);
        ops.push(`1 0 0 1 ${number(gx + position.xOffset * scale)} ${number(gy + position.yOffset * scale)} Tm`);
        flush(i + 1);
        moved = true;
      } else {
        if (moved) {
          ops.push(`1 0 0 1 ${number(gx)} ${number(gy)} Tm`);
          moved = false;
        }
        if (position.xAdvance - position.advanceWidth !== 0) segment(i + 1);
      }
      gx += position.xAdvance * scale;
    }
    flush(i);
  }
  if (open) ops.push('ET Q');
  write();
}

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/Renderer.js', Record<string, unknown>>('pdfmake/js/Renderer.js');
  const renderLine = proto.renderLine as (this: unknown, ...args: unknown[]) => unknown;
  proto.renderLine = function (this: unknown, ...args: unknown[]): unknown {
    const line = args[0] as Line;
    const doc = (this as Renderer).pdfDocument;
    if (!isPreviewDocument(doc)) return renderLine.apply(this, args);
    const inlines = line.inlines;
    const runs = joinedInlines(inlines);
    const [x = 0, y = 0] = args.slice(1) as (number | undefined)[];
    // A page number filled in goes into the line's first run: such a line is drawn as pdfmake has it.
    const lean = runs.map((run, i) => !line._pageNodeRef && plainRun(line, run, i));
    if (lean.every(Boolean) && !line._outline) return drawRuns(doc, line, runs, x, y);
    // Stretches of plain runs drawn here, the others as pdfmake draws them, in the line's order (the
    // order its text is read in). All on the whole line's baseline: pdfmake reads a line's height
    // and ascent from the words it is given, and would place fewer words differently.
    const height = line.getHeight();
    const ascent = line.getAscenderHeight();
    const { id, getHeight, getAscenderHeight } = line;
    line.getHeight = () => height;
    line.getAscenderHeight = () => ascent;
    try {
      // A bookmark is made by the first stretch pdfmake draws; a line of plain runs gives it none.
      if (line._outline && lean.every(Boolean)) (line.inlines = []), renderLine.apply(this, args);
      for (let start = 0; start < runs.length; ) {
        let end = start + 1;
        while (end < runs.length && lean[end] === lean[start]) end++;
        const stretch = runs.slice(start, end);
        if (lean[start]) drawRuns(doc, line, stretch, x, y);
        else {
          line.inlines = stretch as Inline[];
          renderLine.apply(this, args);
          // The line's destination goes with its first run, drawn by the first stretch.
          line.id = undefined;
        }
        start = end;
      }
    } finally {
      line.inlines = inlines;
      line.id = id;
      // Back to pdfmake's own methods, assigned rather than deleted: a line stays a fast object.
      line.getHeight = getHeight;
      line.getAscenderHeight = getAscenderHeight;
    }
  };
}
install();
