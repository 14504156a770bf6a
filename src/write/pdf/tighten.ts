// A last page that holds only a few lines is pulled back when the document fits one page fewer
// with its vertical spacing tightened a little (at most 5 %), as a typesetter would tighten a page
// rather than turn over for two lines. Each try is one more layout, so it is only tried for
// documents of briefing length whose last page is nearly empty: at most two more layouts of a
// document of a few pages, however long a run.
import type { Theme } from '../../theme/schema.js';
import { withSpacing } from '../../theme/spacing.js';
import { pdfmakePrototype } from './vendor.js';

/** Documents longer than this are left as they are: two more layouts of a long document cost more than the page. */
export const MOST_PAGES_TIGHTENED = 12;
/** Tightenings tried, mildest first: at most 5 % off the line height and the vertical spaces. */
export const TIGHTER = [0.975, 0.95] as const;

/** Themes made by `tightened`: laid out as they are, never tightened again. */
const tight = new WeakSet<Theme>();

export const isTightened = (theme: Theme): boolean => tight.has(theme);

/** The theme with its line height and every vertical space scaled by `factor` (theme/spacing.ts), never tightened again. */
export function tightened(theme: Theme, factor: number): Theme {
  const out = withSpacing(theme, factor);
  tight.add(out);
  return out;
}

interface LaidOutPage {
  readonly items: readonly { readonly type: string; readonly item: { readonly y?: number; getHeight?(): number } }[];
  readonly pageSize: { readonly height: number };
  readonly pageMargins: { readonly top: number; readonly bottom: number };
}

/** How full each page of a laid-out definition is, by the content array pdfmake was given. */
const fills = new WeakMap<object, number[]>();

/**
 * How far down its text area each page is filled (0 to 1, page 1 first), by the foot of its lowest
 * line. Read from pdfmake's pages rather than the nodes' positions: a block pdfmake kept whole
 * records where it was tried, not the page it moved to.
 */
export function pageFills(content: object): readonly number[] {
  return fills.get(content) ?? [];
}

function fillOf(page: LaidOutPage): number {
  const { top, bottom } = page.pageMargins;
  const inner = page.pageSize.height - top - bottom;
  let foot = top;
  for (const { type, item } of page.items) {
    // The running header and footer, added last, lie in the margins.
    if (type !== 'line' || item.y === undefined || item.y < top || item.y >= top + inner) continue;
    foot = Math.max(foot, item.y + (item.getHeight?.() ?? 0));
  }
  return (foot - top) / inner;
}

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/LayoutBuilder.js', Record<string, unknown>>('pdfmake/js/LayoutBuilder.js', ['tryLayoutDocument']);
  const layout = proto.tryLayoutDocument as (...args: unknown[]) => unknown;
  proto.tryLayoutDocument = function (this: unknown, ...args: unknown[]) {
    const result = layout.apply(this, args) as { pages: LaidOutPage[] };
    const content = args[0];
    if (content && typeof content === 'object') fills.set(content, result.pages.map(fillOf));
    return result;
  };
}
install();
