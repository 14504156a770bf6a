// Archival PDF: pdfkit writes PDF/A's identification (XMP pdfaid) and an sRGB output intent when
// given a `subset`; the fonts are already embedded (no standard-14 fonts are used) and nothing
// is transparent. Level A (accessible) is claimed only for a tagged file.
import type { PdfStandard } from '../types.js';

const SUBSET: Record<PdfStandard, string> = { 'a-2b': 'PDF/A-2b', 'a-2a': 'PDF/A-2a' };

/** The pdfmake definition keys for a standard; none for a plain PDF. */
export function standardOptions(standard: PdfStandard | undefined): { subset?: string } {
  return standard === undefined ? {} : { subset: SUBSET[standard] };
}
