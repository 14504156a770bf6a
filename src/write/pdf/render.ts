// Two corrections to how pdfmake's Renderer draws a line, made once per process as keep.ts extends
// its layout:
// - a bookmark (outline entry) opens at its heading: pdfmake gives pdfkit no position, and pdfkit
//   then points the bookmark at the top-right corner of the page;
// - a link is one annotation per line, not one per word: pdfmake draws a line as words and pdfkit
//   gives each word of a link its own annotation (a long address broken at every '/' and '-' made
//   a dozen), which screen readers and link lists count as so many links.
import { createRequire } from 'node:module';

interface Inline {
  x: number;
  width: number;
  link?: string | null;
  linkToDestination?: string | null;
}
interface Line {
  inlines: Inline[];
  getHeight(): number;
  _outline?: { id?: string; parentId?: string; text: string; expanded?: boolean };
}
interface Outline {
  addItem(title: string, options: { expanded?: boolean; top?: number; left?: number; fit?: boolean }): Outline;
}
interface PdfKit {
  outline: Outline;
  page: { width: number };
  link(x: number, y: number, w: number, h: number, url: string): void;
  goTo(x: number, y: number, w: number, h: number, name: string): void;
}
interface Renderer {
  pdfDocument: PdfKit;
  outlineMap: Record<string, Outline>;
  renderLine(line: Line, x: number, y: number): void;
}

type Target = { kind: 'link' | 'linkToDestination'; value: string };

/** Runs of neighbouring inlines that go to the same place, in order. */
function runs(inlines: readonly Inline[]): { target: Target; from: Inline; to: Inline }[] {
  const out: { target: Target; from: Inline; to: Inline }[] = [];
  let previous: Inline | undefined;
  for (const inline of inlines) {
    const target: Target | undefined = inline.link
      ? { kind: 'link', value: inline.link }
      : inline.linkToDestination
        ? { kind: 'linkToDestination', value: inline.linkToDestination }
        : undefined;
    const last = out.at(-1);
    if (target && last && last.to === previous && last.target.kind === target.kind && last.target.value === target.value) last.to = inline;
    else if (target) out.push({ target, from: inline, to: inline });
    previous = inline;
  }
  return out;
}

let installed = false;

export function installRendererFixes(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  const module = require('pdfmake/js/Renderer.js') as { default?: { prototype: Renderer } };
  const proto = module.default?.prototype;
  if (!proto || typeof proto.renderLine !== 'function') throw new Error('pdfmake Renderer.renderLine is missing: pdfmake changed its internals.');
  const renderLine = proto.renderLine;
  proto.renderLine = function (this: Renderer, line: Line, x = 0, y = 0): void {
    const outline = line._outline;
    if (outline) {
      const parent = (outline.parentId && this.outlineMap[outline.parentId]) || this.pdfDocument.outline;
      // pdfkit writes [page, XYZ, width - left, height - top]: left = width puts the view at the
      // page's left edge, top = y at the heading's first line.
      const item = parent.addItem(outline.text, { expanded: outline.expanded ?? false, top: y, left: this.pdfDocument.page.width, fit: false });
      if (outline.id) this.outlineMap[outline.id] = item;
      delete line._outline;
    }
    const linked = runs(line.inlines);
    for (const { from, to } of linked) {
      for (let i = line.inlines.indexOf(from); i <= line.inlines.indexOf(to); i++) {
        line.inlines[i]!.link = null;
        line.inlines[i]!.linkToDestination = null;
      }
    }
    renderLine.call(this, line, x, y);
    const height = line.getHeight();
    for (const { target, from, to } of linked) {
      const width = to.x + to.width - from.x;
      if (target.kind === 'link') this.pdfDocument.link(x + from.x, y, width, height, target.value);
      else this.pdfDocument.goTo(x + from.x, y, width, height, target.value);
      // Put the targets back: a line drawn again (a repeated table header) needs them.
      for (let i = line.inlines.indexOf(from); i <= line.inlines.indexOf(to); i++) line.inlines[i]![target.kind] = target.value;
    }
    if (outline) line._outline = outline;
  };
}
