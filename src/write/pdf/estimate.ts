// A block's rough height, before pdfmake lays it out: enough to decide whether keeping blocks
// together is safe (blocks.ts) or a callout may be unbreakable (table.ts).
import type { Block } from '../../document/model.js';
import type { Context } from './context.js';
import { plainText } from './inlines.js';

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
    default:
      return Infinity;
  }
}
