// A block's rough height, before pdfmake lays it out: enough to decide whether keeping blocks
// together is safe (blocks.ts) or a callout may be unbreakable (table.ts).
import type { Block, Inline } from '../../document/model.js';
import type { Context } from './context.js';
import { plainText } from './inlines.js';
import { keptWhole, MIN_LINES } from '../pagination.js';

/** A rough height in points, only to decide whether keeping blocks together is safe. */
export function estimateHeight(node: Block, ctx: Context): number {
  const { theme } = ctx;
  const line = (size: number) => size * theme.lineHeight * 1.17;
  const textLines = (chars: number, size: number) => Math.max(1, Math.ceil((chars * size * 0.55) / Math.max(ctx.width, 1)));
  switch (node.type) {
    case 'paragraph': {
      const size = node.role === 'lead' ? theme.size.lead : node.role === 'small' ? theme.size.small : theme.size.body;
      return textLines(plainText(node.children).length, size) * line(size) + theme.spacing.paragraphAfter;
    }
    case 'heading':
      return textLines(plainText(node.children).length, theme.size.h1) * line(theme.size.h1) + 30;
    case 'list':
      return node.items.reduce((sum, item) => sum + item.children.reduce((s, b) => s + estimateHeight(b, ctx), 0), 0);
    case 'callout':
      return node.children.reduce((s, b) => s + estimateHeight(b, ctx), 2 * theme.spacing.calloutPadding + line(theme.size.body) * 1.5);
    case 'image':
      return Math.min(node.width ?? node.pixelWidth * 0.75, ctx.width) * (node.pixelHeight / Math.max(node.pixelWidth, 1)) + 12;
    case 'thematicBreak':
      return 20;
    case 'table':
      return tableRowsHeight(node.rows.length > 0 ? [node.header, ...node.rows] : [node.header], node.columns.length, ctx);
    default:
      return Infinity;
  }
}

/** Rows of a table, each as tall as its longest cell, with the cells' padding. */
function tableRowsHeight(rows: readonly (readonly (readonly Inline[])[])[], columns: number, ctx: Context): number {
  const { theme } = ctx;
  const width = Math.max(ctx.width / Math.max(columns, 1) - 2 * theme.spacing.tableCellPadding - 2, 1);
  const size = Math.max(theme.size.small, theme.size.body - 1);
  return rows.reduce((sum, cells) => {
    const lines = Math.max(1, ...cells.map((cell) => Math.ceil((plainText(cell).length * size * 0.55) / width)));
    return sum + lines * size * theme.lineHeight * 1.17 + 2 * theme.spacing.tableCellPadding + 1;
  }, 0);
}

/**
 * About how tall the first piece of a block is that may not be parted from a heading above it:
 * a paragraph's first two lines (three when it has three, all when it is kept whole), a list's
 * first item's, a table's header and first row (pdfmake moves them on together), a callout's
 * padding and title with its first paragraph's.
 */
export function firstUnitHeight(node: Block, ctx: Context): number {
  const { theme } = ctx;
  switch (node.type) {
    case 'paragraph': {
      const whole = estimateHeight(node, ctx);
      if (keptWhole(node)) return whole;
      const size = node.role === 'lead' ? theme.size.lead : node.role === 'small' ? theme.size.small : theme.size.body;
      return Math.min(whole, (MIN_LINES + 1) * size * theme.lineHeight * 1.17);
    }
    case 'list': {
      const first = node.items[0]?.children[0];
      return first ? firstUnitHeight(first, { ...ctx, width: ctx.width - theme.spacing.listIndent }) : 0;
    }
    case 'table':
      return tableRowsHeight(node.header.length > 0 ? [node.header, ...node.rows.slice(0, 1)] : node.rows.slice(0, 1), node.columns.length, ctx);
    case 'callout': {
      const first = node.children[0];
      const title = node.title && node.title.length > 0 ? theme.size.body * theme.lineHeight * 1.17 + 3 : 0;
      return 2 * theme.spacing.calloutPadding + title + (first ? firstUnitHeight(first, { ...ctx, width: ctx.width - 2 * theme.spacing.calloutPadding - 3 }) : 0);
    }
    default:
      return estimateHeight(node, ctx);
  }
}
