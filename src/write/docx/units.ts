// Theme lengths are points; WordprocessingML wants twips, half-points, eighths and pixels.
import type { Theme } from '../../theme/schema.js';
import { lineOfFont } from '../../theme/coverage.js';

export const twip = (pt: number): number => Math.round(pt * 20);
export const halfPt = (pt: number): number => Math.round(pt * 2);
/** Border widths are in eighths of a point. */
export const eighths = (pt: number): number => Math.round(pt * 8);
/** docx sizes images in pixels at 96 dpi. */
export const px = (pt: number): number => Math.round((pt * 96) / 72);
/** `#RRGGBB` to the bare hex docx writes. */
export const hex = (colour: string): string => colour.replace(/^#/, '').toUpperCase();

export const textWidthPt = (theme: Theme): number =>
  theme.pageSize.width - theme.page.margins.left - theme.page.margins.right;
export const textWidthTwip = (theme: Theme): number => twip(textWidthPt(theme));

/** Line spacing as Word's "multiple": 240 = single. */
export const lineSpacing = (theme: Theme) => ({ line: Math.round(240 * theme.lineHeight), lineRule: 'auto' as const });

/**
 * Lines `size` points high set exactly at the PDF's pitch (pdfkit's line of the font times the line
 * height), where Word's "multiple" is rounded by each reader its own way and the pages drift apart.
 */
export const exactLines = (theme: Theme, size: number, lineHeight = theme.lineHeight) => ({
  line: twip(size * lineOfFont(theme.fontFaces) * lineHeight),
  lineRule: 'exact' as const,
});
