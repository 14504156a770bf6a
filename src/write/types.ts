import type { Diagnostic, Document } from '../document/model.js';
import type { PdfStandard, Theme } from '../theme/schema.js';

export const FORMATS = ['pdf', 'docx', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export interface Written {
  readonly bytes: Uint8Array;
  /** Pages as laid out by the writer (PDF: exact; DOCX: docx/layout's estimate; md: undefined). */
  readonly pages?: number;
  /** Heading id → the page it starts on, from writers that lay out (PDF). */
  readonly headingPages?: Readonly<Record<string, number>>;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * PDF: the factor its line height and vertical spaces were tightened by to pull back a short last
   * page (theme/spacing.ts); absent when set as the theme has it.
   */
  readonly spacing?: number;
  /** PDF: the blocks it started a page before, to keep a section's last page from standing nearly empty (MeasuredLayout.breaks). */
  readonly breaks?: readonly string[];
  /**
   * Set when the writer stopped at `pageLimit`: `pages` still counts every page laid out, but the
   * bytes hold only the first `pageLimit`. Such bytes are a measurement, never a document to keep.
   */
  readonly truncated?: true;
}

export interface WriteOptions {
  /**
   * Lay out everything but write only this many pages. Fitting to a page budget needs the page
   * count of every attempt but the pages of only the one that fits, which is never cut.
   */
  readonly pageLimit?: number;
  /** PDF: write the structure tree and marked content (default true). */
  readonly tagged?: boolean;
  /** PDF: conform to an archival standard (PDF/A-2b, or PDF/A-2a when tagged); else the theme's. */
  readonly pdfStandard?: PdfStandard;
  /**
   * The theme of each part of a combined document (`DocumentMetadata.parts`) by the id of the
   * heading that opens it; a part not named here takes the document's theme. The page size and
   * margins stay the document's: a bound pack is one size of paper.
   */
  readonly partThemes?: Readonly<Record<string, Theme>>;
  /**
   * PDF: a file to show, not to keep (what `serve` shows while the pack is edited): laid out
   * exactly as the written file, but untagged, not PDF/A, its streams uncompressed and each line's
   * words of one style drawn as one run, which takes a fraction of the time to draw.
   */
  readonly preview?: boolean;
  /**
   * PDF: the spacing an earlier layout of this same document, theme and page limit settled on
   * (`Written.spacing`, 1 for the theme's own): laid out at it at once, without trying tighter
   * spacings again. A long-lived process knows it from the preview when it makes the file.
   */
  readonly spacing?: number;
}

export { PDF_STANDARDS, type PdfStandard } from '../theme/schema.js';

/** Every writer has this one shape: the document model and the theme in, bytes out. */
export type Writer = (doc: Document, theme: Theme, options?: WriteOptions) => Promise<Written>;
