// Where a layout put the blocks a page may be started before, so that a section whose last page
// would hold a line or two can take more onto it (write/pagination.ts decides which). pdfmake's
// own record of a node's place (`positions`) is wrong for a block it kept whole: lines laid out in
// such a block are placed relative to the block, and only their page is corrected when the block
// is put on a page. So the place is taken as pdfmake lays each node out.
import type { PagePoint } from '../pagination.js';
import { pdfmakePrototype } from './vendor.js';
import { eachNode } from './walk.js';

/** Set on a pdfmake node to the address of the block or list item it is: a page may start before it. */
export const BREAK_POINT = 'briefpackBreakPoint';

interface Node {
  [BREAK_POINT]?: string;
  unbreakable?: boolean;
  pageBreak?: string;
  positions?: readonly { pageNumber: number; top: number }[];
}
interface Builder {
  writer: { transactionLevel: number; context(): { page: number; y: number; pageMargins: { top: number } } };
}

/** Where a node's first line went: its page (from 1) and the line's distance from the top of the page, in points. */
interface Place {
  readonly page: number;
  readonly y: number;
  /** Laid out after a forced page break: it begins its page. */
  readonly forced: boolean;
}

const places = new WeakMap<object, Place>();

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Record<string, unknown>>('pdfmake/js/LayoutBuilder.js', ['processNode']);
  const processNode = proto.processNode as (this: Builder, node: Node, ...rest: unknown[]) => unknown;
  proto.processNode = function (this: Builder, node: Node, ...rest: unknown[]): unknown {
    const forced = node.pageBreak === 'before';
    if ((node[BREAK_POINT] === undefined && !forced) || this.writer.transactionLevel > 0) return processNode.call(this, node, ...rest);
    const entry = this.writer.context();
    const from = { page: entry.page, y: entry.y };
    const result = processNode.call(this, node, ...rest);
    const exit = this.writer.context();
    const first = node.positions?.[0];
    let place: Place;
    if (forced) place = { page: from.page + 2, y: exit.pageMargins.top, forced };
    // A block kept whole either stayed where it began or moved, whole, to the top of the next page.
    else if (node.unbreakable || !first) place = exit.page === from.page ? { page: from.page + 1, y: from.y, forced } : { page: exit.page + 1, y: exit.pageMargins.top, forced };
    else place = { page: first.pageNumber, y: first.top, forced };
    places.set(node, place);
    return result;
  };
}
install();

/** The pages a forced break begins, and where each marked node went, as laid out in `content`. */
export function laidOutPoints(content: unknown, top: number, height: number): { starts: Set<number>; points: PagePoint[] } {
  const starts = new Set<number>([1]);
  const points: PagePoint[] = [];
  eachNode(content, (node) => {
    const place = places.get(node);
    const address = (node as Node)[BREAK_POINT];
    if (place?.forced) starts.add(place.page);
    else if (place && address !== undefined) points.push({ address, page: place.page, top: (place.y - top) / height });
  });
  return { starts, points };
}
