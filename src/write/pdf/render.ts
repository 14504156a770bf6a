// Two corrections to how pdfmake's Renderer draws a line, made once as this module loads:
// - a bookmark (outline entry) opens at its heading: pdfmake gives pdfkit no position, and pdfkit
//   then points the bookmark at the top-right corner of the page;
// - a link is one annotation per line it runs over, not one per word: pdfmake draws a line word
//   by word and pdfkit gives each word of a link its own annotation (a long address broken at
//   every '/' and '-' made a dozen), which screen readers and link lists count as so many links.
// The link's text is still drawn word by word, with its target on each word: tagging.ts (which
// wraps this method in turn) reads the targets to put the words in one Link element, and the one
// annotation is made while the link's first word is drawn, so it belongs to that element.
import { pdfmakeInternals } from './vendor.js';

interface Inline {
  x: number;
  width: number;
  link?: string | null;
  linkToDestination?: string | null;
}
interface Line {
  inlines: Inline[];
  _outline?: { id?: string; parentId?: string; text: string; expanded?: boolean };
}
interface Outline {
  addItem(title: string, options: { expanded?: boolean; top?: number; left?: number; zoom?: number; fit?: boolean }): Outline;
}
type Annotate = (x: number, y: number, w: number, h: number, target: string, options?: object) => unknown;
interface PdfKit {
  outline: Outline;
  page: { width: number };
  link: Annotate;
  goTo: Annotate;
}
interface Renderer {
  pdfDocument: PdfKit;
  outlineMap: Record<string, Outline>;
}

/** A run of neighbouring words of a line that go to the same place, from x0 to x1 on the page. */
interface Run {
  readonly kind: 'link' | 'goTo';
  readonly target: string;
  readonly x0: number;
  x1: number;
  drawn: boolean;
}

function runs(inlines: readonly Inline[], x: number): Run[] {
  const out: Run[] = [];
  let previous: Run | undefined;
  for (const inline of inlines) {
    const kind = inline.link ? 'link' : inline.linkToDestination ? 'goTo' : undefined;
    const target = inline.link ?? inline.linkToDestination ?? undefined;
    if (kind === undefined || target === undefined) {
      previous = undefined;
      continue;
    }
    if (previous && previous.kind === kind && previous.target === target) previous.x1 = x + inline.x + inline.width;
    else out.push((previous = { kind, target, x0: x + inline.x, x1: x + inline.x + inline.width, drawn: false }));
  }
  return out;
}

function install(): void {
  const proto = pdfmakeInternals().Renderer;
  const renderLine = proto.renderLine!;
  proto.renderLine = function (this: unknown, ...args: unknown[]): unknown {
    const renderer = this as Renderer;
    const [line, x = 0, y = 0] = args as [Line, number | undefined, number | undefined];
    const doc = renderer.pdfDocument;
    const outline = line._outline;
    if (outline) {
      const parent = (outline.parentId && renderer.outlineMap[outline.parentId]) || doc.outline;
      // pdfkit writes [page, XYZ, width - left, height - top]: left = width puts the view at the
      // page's left edge, top = y at the heading's line; zoom 0 keeps the reader's zoom.
      const item = parent.addItem(outline.text, { expanded: outline.expanded ?? false, top: y, left: doc.page.width, zoom: 0, fit: false });
      if (outline.id) renderer.outlineMap[outline.id] = item;
      delete line._outline;
    }
    const linked = runs(line.inlines, x);
    const { link, goTo } = doc;
    // pdfkit annotates each word as it draws it: the first word of a run gets the run's width,
    // the others none.
    const once = (kind: Run['kind'], original: Annotate): Annotate =>
      function (this: PdfKit, ax, ay, w, h, target, options) {
        const run = linked.find((r) => r.kind === kind && r.target === target && ax >= r.x0 - 0.5 && ax <= r.x1 + 0.5);
        if (!run) return original.call(this, ax, ay, w, h, target, options);
        if (run.drawn) return this;
        run.drawn = true;
        return original.call(this, run.x0, ay, run.x1 - run.x0, h, target, options);
      };
    if (linked.length > 0) {
      doc.link = once('link', link);
      doc.goTo = once('goTo', goTo);
    }
    try {
      return renderLine.apply(this, args);
    } finally {
      if (linked.length > 0) {
        delete (doc as Partial<PdfKit>).link;
        delete (doc as Partial<PdfKit>).goTo;
      }
      if (outline) line._outline = outline;
    }
  };
}
install();
