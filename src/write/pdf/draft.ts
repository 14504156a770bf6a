// A layout that another will replace is not drawn. The writer lays a document out, then may lay it
// out again: tighter, to pull back a short last page (tighten.ts), or with a page started early
// to fill a section's last page (write/pagination.ts). What decides that is known once the layout
// is done, before pdfmake draws it; drawing is about as long as laying out, and the drawing of a
// layout that is replaced is thrown away. So the writer says, per layout, how to tell from the
// laid-out pages whether it will be replaced; such a layout stops before it is drawn, by an
// exception the writer catches (`isUndrawn`). pdfmake draws right after it lays out, in one call.
import { pdfmakePrototype } from './vendor.js';

/** Content array pdfmake is given → whether, laid out, it will be replaced (so is not to be drawn). */
const replaced = new WeakMap<object, () => boolean>();

class Undrawn extends Error {
  constructor() {
    super('The layout is replaced by another: not drawn.');
  }
}

export const isUndrawn = (error: unknown): boolean => error instanceof Undrawn;

/** Lays out `content` and draws it only when `willBeReplaced`, asked once the layout is done, says no. */
export function drawUnless(content: object, willBeReplaced: () => boolean): void {
  replaced.set(content, willBeReplaced);
}

function install(): void {
  const builder = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Record<string, unknown>>('pdfmake/js/LayoutBuilder.js', ['layoutDocument']);
  const layoutDocument = builder.layoutDocument as (this: unknown, ...args: unknown[]) => unknown;
  builder.layoutDocument = function (this: unknown, ...args: unknown[]) {
    const pages = layoutDocument.apply(this, args);
    const content = args[0];
    const ask = content && typeof content === 'object' ? replaced.get(content) : undefined;
    if (ask?.()) throw new Undrawn();
    return pages;
  };
}
install();
