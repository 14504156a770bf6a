// Characters the theme's font cannot draw print as empty boxes in the PDF. The writer only sees the
// document model, so it can name the characters but not where they came from; this check runs over
// the selected view instead, so the warning names the item (or pack field) that holds them.
import { DiagnosticCode } from '../../document/diagnostics.js';
import type { Diagnostic } from '../../document/model.js';
import { Markup, type View } from '../../select/index.js';
import type { Theme } from '../../theme/index.js';
import { missingGlyphs } from '../../theme/coverage.js';

const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Who holds a value: the nearest item, topic or source around it, else its path in the view. */
function owner(path: readonly string[], holders: readonly { id?: unknown; kind?: unknown; label?: unknown }[]): string {
  for (let i = holders.length - 1; i >= 0; i--) {
    const h = holders[i]!;
    if (typeof h.id === 'string' && typeof h.kind === 'string') return `item '${h.id}'`;
    if (typeof h.id === 'string' && typeof h.label === 'string') return `source '${h.id}'`;
  }
  return path.filter((p) => !/^\d+$/.test(p)).join('.');
}

export function glyphWarnings(view: View, theme: Theme): Diagnostic[] {
  const byOwner = new Map<string, Set<number>>();
  const visit = (value: unknown, path: string[], holders: object[]) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string' || value instanceof Markup) {
      const text = String(value);
      const label = owner(path, holders as never);
      let set = byOwner.get(label);
      if (!set) byOwner.set(label, (set = new Set()));
      for (const ch of text) set.add(ch.codePointAt(0)!);
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, String(i)], holders));
    else if (typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) visit(v, [...path, key], [...holders, value]);
    }
  };
  visit(view, [], []);

  const diagnostics: Diagnostic[] = [];
  for (const [label, codePoints] of byOwner) {
    const missing = missingGlyphs(theme.fontFaces, codePoints);
    if (missing.length === 0) continue;
    const shown = missing.slice(0, 12).map((cp) => `${String.fromCodePoint(cp)} (${hex(cp)})`).join(', ');
    diagnostics.push({
      code: DiagnosticCode.MissingGlyphs,
      severity: 'warning',
      message:
        `${label} has ${missing.length} character(s) the font ${theme.font.family} cannot draw: ${shown}` +
        `${missing.length > 12 ? ', …' : ''}. The PDF would show empty boxes; use a theme whose font covers them.`,
    });
  }
  return diagnostics;
}
