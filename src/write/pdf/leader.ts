// Dot leaders: a text node marked LEADER is laid out as its text repeated as often as fits on one
// line of the width pdfmake gives it (a '*' column of a contents row), which is known only during
// layout. Its measured piece is copied, so the dots are exactly as wide as pdfmake measures them.
// keep.ts builds a paragraph's lines before laying them out: it is installed first, so the dots
// are in place (this wrapper runs outside it) before it reads them.
import './keep.js';
import { pdfmakePrototype } from './vendor.js';

export const LEADER = 'briefpackLeader';
/**
 * Set on the text of an 'auto' column, which pdfmake makes exactly as wide as the text: adding up
 * the widths again as it breaks the line, rounding can tip the last word over onto a line of its
 * own. The line is given a point more, out of the gap between the columns.
 */
export const AS_MEASURED = 'briefpackAsMeasured';

interface Inline {
  width: number;
}
interface LeafNode {
  [LEADER]?: boolean;
  [AS_MEASURED]?: boolean;
  _inlines?: Inline[];
}
interface Builder {
  writer: { context(): { availableWidth: number } };
  processLeaf(node: LeafNode): void;
}

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Builder>('pdfmake/js/LayoutBuilder.js', ['processLeaf']);
  const processLeaf = proto.processLeaf;
  proto.processLeaf = function (this: Builder, node: LeafNode): void {
    const piece = node[LEADER] === true ? node._inlines?.[0] : undefined;
    if (piece && piece.width > 0) {
      // A hair less than the width: pdfmake compares sums of widths that rounding may tip over.
      const count = Math.max(0, Math.floor((this.writer.context().availableWidth - 0.5) / piece.width));
      node._inlines = Array.from({ length: count }, () => ({ ...piece }));
    }
    if (node[AS_MEASURED] !== true) return processLeaf.call(this, node);
    const context = this.writer.context();
    context.availableWidth += 1;
    try {
      processLeaf.call(this, node);
    } finally {
      context.availableWidth -= 1;
    }
  };
}
install();
