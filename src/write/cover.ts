// Where the cover's blocks stand on its page, the same for every writer: the title block (logo,
// title, subtitle, meeting) a set fraction down the text area, the details block (dates, for whom,
// by whom, version: the role "meta" lines) lower down, so the page is neither crowded at the top
// nor half empty. The fractions are the theme's; the heights are estimated from the text, as
// neither writer can measure a block before it is laid out.
import type { Block, Inline } from '../document/model.js';
import type { Theme } from '../theme/schema.js';

/** How much larger the marking prints on the cover than on other pages: what a reader must see first. */
export const COVER_MARKING = 1.5;

export interface CoverPlan {
  /** Logo, title and lead lines. */
  readonly top: readonly Block[];
  /** The details lines, from the first "meta" paragraph on. */
  readonly details: readonly Block[];
  /** Space above the title block, in points. */
  readonly before: number;
  /** Space between the title block and the details block, in points. */
  readonly between: number;
}

const text = (inlines: readonly Inline[]): string =>
  inlines.map((node) => (node.type === 'text' || node.type === 'code' ? node.value : 'children' in node ? text(node.children) : ' ')).join('');

/** A block's height on the cover in points: generous, so the estimate errs towards less space. */
function height(block: Block, theme: Theme, width: number): number {
  const lines = (chars: number, size: number) => Math.max(1, Math.ceil((chars * size * 0.55) / width));
  const { size, spacing, lineHeight } = theme;
  switch (block.type) {
    case 'heading':
      return lines(text(block.children).length, size.title) * size.title * 1.25 + spacing.headingBefore * 1.25 + spacing.headingAfter * 2;
    case 'paragraph': {
      const fontSize = block.role === 'lead' ? size.lead : block.role === 'small' ? size.small : size.body;
      return lines(text(block.children).length, fontSize) * fontSize * lineHeight * 1.2 + spacing.paragraphAfter * 1.5;
    }
    case 'image':
      return Math.min(block.width ?? block.pixelWidth * 0.75, width) * (block.pixelHeight / Math.max(block.pixelWidth, 1)) + spacing.paragraphAfter;
    default:
      return size.body * lineHeight * 3;
  }
}

export function coverPlan(children: readonly Block[], theme: Theme): CoverPlan {
  const at = children.findIndex((b) => b.type === 'paragraph' && b.role === 'meta');
  const top = at < 0 ? children : children.slice(0, at);
  const details = at < 0 ? [] : children.slice(at);
  const { margins } = theme.page;
  const width = theme.pageSize.width - margins.left - margins.right;
  const area = theme.pageSize.height - margins.top - margins.bottom;
  const sum = (blocks: readonly Block[]) => blocks.reduce((total, b) => total + height(b, theme, width), 0);
  const topHeight = sum(top);
  const detailsHeight = sum(details);
  // Keep a tenth of the page free below the details, whatever the estimate: the cover stays one page.
  const room = Math.max(0, area * 0.9 - topHeight - detailsHeight);
  const before = Math.min(area * theme.cover.top, room);
  const wanted = Math.max(theme.spacing.headingBefore * 2, area * theme.cover.details - before - topHeight);
  const between = details.length === 0 ? 0 : Math.max(0, Math.min(wanted, room - before));
  return { top, details, before, between };
}
