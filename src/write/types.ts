import type { Diagnostic, Document } from '../document/model.js';
import type { Theme } from '../theme/schema.js';

export const FORMATS = ['pdf', 'docx', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export interface Written {
  readonly bytes: Uint8Array;
  /** Pages as laid out by the writer (PDF: exact; DOCX: docx/layout's estimate; md: undefined). */
  readonly pages?: number;
  /** Heading id → the page it starts on, from writers that lay out (PDF). */
  readonly headingPages?: Readonly<Record<string, number>>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Every writer has this one shape: the document model and the theme in, bytes out. */
export type Writer = (doc: Document, theme: Theme) => Promise<Written>;
