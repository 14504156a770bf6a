// A layout that is only worth having under a number of pages (a tightening try, tighten.ts, which
// is kept only when it saves a page) stops as soon as it needs one more: pdfmake would lay out the
// rest and draw every page of a PDF that is thrown away. The layout is given up by an exception
// from the page that would pass the limit; the writer catches it (`isCut`) and counts the try as
// failed. A layout without a limit runs as pdfmake has it.
import { pdfmakePrototype } from './vendor.js';

/** Content array pdfmake is given → the most pages its layout may have. */
const limits = new WeakMap<object, number>();

/** Thrown by a layout that went past its limit: the document does not fit in it. */
class CutShort extends Error {
  constructor(readonly pages: number) {
    super(`The layout needs more than ${pages} pages.`);
  }
}

export const isCut = (error: unknown): boolean => error instanceof CutShort;

/** Lays out `content` (the definition's content array) in at most `pages` pages, or gives up. */
export function cutAfter(content: object, pages: number): void {
  limits.set(content, pages);
}

// The limit of the layout running now (pdfmake lays out synchronously, within one call), and its
// document's context: the first to get a page. A block kept together is tried in a context of its
// own, whose pages are not the document's.
let current: number | undefined;
let main: object | undefined;

function install(): void {
  const builder = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Record<string, unknown>>('pdfmake/js/LayoutBuilder.js', ['tryLayoutDocument']);
  const tryLayout = builder.tryLayoutDocument as (this: unknown, ...args: unknown[]) => unknown;
  builder.tryLayoutDocument = function (this: unknown, ...args: unknown[]) {
    const content = args[0];
    const outer = [current, main] as const;
    current = content && typeof content === 'object' ? limits.get(content) : undefined;
    main = undefined;
    try {
      return tryLayout.apply(this, args);
    } finally {
      [current, main] = outer;
    }
  };
  const context = pdfmakePrototype<'pdfmake/js/DocumentContext.js', Record<string, unknown>>('pdfmake/js/DocumentContext.js');
  const addPage = context.addPage as (this: unknown, ...args: unknown[]) => unknown;
  context.addPage = function (this: { pages: unknown[] }, ...args: unknown[]) {
    if (current !== undefined) {
      main ??= this;
      if (this === main && this.pages.length >= current) throw new CutShort(current);
    }
    return addPage.apply(this, args);
  };
}
install();
