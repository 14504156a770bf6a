import type { Format, Writer } from './types.js';
export { type Format, type PdfStandard, type WriteOptions, type Writer, type Written } from './types.js';

// Writers are imported only when their format is asked for: pdfmake and docx are the slowest
// modules to load, and a DOCX-only or Markdown-only run should not pay for the others.
const loaders: Record<Format, () => Promise<Writer>> = {
  pdf: async () => (await import('./pdf/index.js')).writePdf,
  docx: async () => (await import('./docx/index.js')).writeDocx,
  md: async () => (await import('./md/index.js')).writeMarkdown,
};

const cache = new Map<Format, Writer>();

/** Wraps every writer a process loads from now on: a long-lived process keeps layouts (serve/layouts.ts). */
type Wrap = (format: Format, writer: Writer) => Writer;
let wrap: Wrap | undefined;
export function wrapWriters(around: Wrap | undefined): void {
  wrap = around;
  cache.clear();
}

export async function loadWriter(format: Format): Promise<Writer> {
  let writer = cache.get(format);
  if (!writer) {
    const loaded = await loaders[format]();
    writer = wrap ? wrap(format, loaded) : loaded;
    cache.set(format, writer);
  }
  return writer;
}
