// A theme with its vertical spacing scaled: the PDF writer tightens a document whose last page
// holds only a few lines (pdf/tighten.ts), and the DOCX writer sets the same document with the
// same factor, so that both break their pages at the same places.
import type { Theme } from './schema.js';

const made = new WeakMap<Theme, Map<number, Theme>>();

/**
 * The theme with its line height and every vertical space scaled by `factor`; one object per theme
 * and factor, so what the writers keep per theme (styles, prepared fonts) is kept for it too.
 */
export function withSpacing(theme: Theme, factor: number): Theme {
  if (factor === 1) return theme;
  let byFactor = made.get(theme);
  if (!byFactor) made.set(theme, (byFactor = new Map()));
  let out = byFactor.get(factor);
  if (!out) {
    const { spacing } = theme;
    out = {
      ...theme,
      lineHeight: theme.lineHeight * factor,
      spacing: {
        ...spacing,
        paragraphAfter: spacing.paragraphAfter * factor,
        headingBefore: spacing.headingBefore * factor,
        headingAfter: spacing.headingAfter * factor,
        listItemAfter: spacing.listItemAfter * factor,
      },
    };
    byFactor.set(factor, out);
  }
  return out;
}
