// The docx internals this writer relies on, in one place. docx 9 has no public way to get the
// compiled parts of a File (Packer zips them itself, not reproducibly) nor the embedded fonts'
// keys, so pack.ts reaches for `Packer.compiler` and `File.FontTable.files`, and rewrites ids in
// the forms docx 9.15 writes them. An upgrade that changes any of it must fail here, by name:
// tests/write/docx/vendor-contract.test.ts checks each assumption on the installed version.
import { Packer, type File } from 'docx';

/** The version the assumptions below were written against. */
export const DOCX_VERSION = '9.15';

export type Parts = Map<string, string | Uint8Array>;
interface Compiler {
  compile(file: File): Parts;
}
export interface FontFile {
  readonly data: Uint8Array;
  readonly fontKey: string;
}

const changed = (what: string) => new Error(`docx ${what} is missing: docx changed its internals (written for docx ${DOCX_VERSION}); adapt src/write/docx/vendor.ts or pin docx.`);

/** docx's own compiler: File → parts (path → XML text or bytes), before zipping. */
export function compileParts(file: File): Parts {
  const found = (Packer as unknown as { compiler?: Compiler }).compiler;
  if (!found || typeof found.compile !== 'function') throw changed('Packer.compiler');
  return found.compile(file);
}

/** The embedded fonts of a compiled File, in the order of their parts word/fonts/font<n>.odttf. */
export function embeddedFonts(file: File): readonly FontFile[] {
  const files = (file as unknown as { FontTable?: { files?: readonly FontFile[] } }).FontTable?.files;
  if (!Array.isArray(files)) throw changed('File.FontTable.files');
  return files;
}

/** Where docx puts the n-th embedded font (1-based), matching `embeddedFonts` order. */
export const FONT_PART = /^word\/fonts\/font(\d+)\.odttf$/;

// The ids docx draws at random or from process-wide counters, as it writes them (see pack.ts).
export const ID_FORMS = {
  /** Hyperlink relationship ids: rId + 21 nanoid characters. */
  hyperlink: /\brId([0-9a-z_-]{21})"/g,
  /** Bookmark ids, from a process-wide counter. */
  bookmark: /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=)"(\d+)"/g,
  /** Drawing ids, from a process-wide counter. */
  drawing: /(<wp:docPr\b[^>]*?\bid=)"(\d+)"/g,
  /** Contents-list bookmark names, numbered process-wide. */
  toc: /_Toc(\d+)/g,
  /** Embedded font keys in word/fontTable.xml: a random GUID per font. */
  fontKey: /\{[0-9A-F-]{36}\}/g,
  /** The clock in docProps/core.xml. */
  coreDates: /(<dcterms:(created|modified) [^>]*>)[^<]*/g,
} as const;
