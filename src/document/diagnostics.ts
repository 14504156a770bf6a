// Diagnostic codes that one step raises and another recognises: a typo is a compile error, not a
// warning that silently stops being replaced.
export const DiagnosticCode = {
  /** The PDF printed characters its font cannot draw (empty boxes). */
  MissingGlyphs: 'MissingGlyphs',
} as const;
