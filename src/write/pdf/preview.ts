// A preview PDF (WriteOptions.preview) is what `serve` shows while a user edits: laid out exactly
// as the file the CLI writes, drawn as cheaply as pdfkit allows. pdfmake draws a line word by word,
// each word a text object of its own with its colour, font and position set again; a preview draws
// each stretch of neighbouring words of one style as one text object. pdfkit places the glyphs of
// a stretch by the same advances pdfmake measured its words with (it measures and draws text split
// at spaces alike), so every glyph lands where the word-by-word drawing puts it.
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
}
interface Renderer {
  pdfDocument: { options?: { compress?: boolean } };
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

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/Renderer.js', Record<string, unknown>>('pdfmake/js/Renderer.js');
  const renderLine = proto.renderLine as (this: unknown, ...args: unknown[]) => unknown;
  proto.renderLine = function (this: unknown, ...args: unknown[]): unknown {
    const line = args[0] as Line;
    if (!isPreviewDocument((this as Renderer).pdfDocument)) return renderLine.apply(this, args);
    const inlines = line.inlines;
    line.inlines = joinedInlines(inlines) as Inline[];
    try {
      return renderLine.apply(this, args);
    } finally {
      line.inlines = inlines;
    }
  };
}
install();
