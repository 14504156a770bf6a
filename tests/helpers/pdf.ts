// Reading PDFs the way a user's viewer does, with pdfjs: text per page, text positions,
// bookmarks, links and document properties. Needs only Node, no system programs.
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PageContent {
  readonly width: number;
  readonly height: number;
  readonly text: string;
  readonly items: readonly TextItem[];
  /** Link annotations; `resolved` says whether an internal link's named destination exists. */
  readonly links: readonly { readonly url?: string; readonly dest?: unknown; readonly resolved?: boolean }[];
}

export interface OutlineEntry {
  readonly title: string;
  readonly items: readonly OutlineEntry[];
}

export interface PdfContent {
  readonly numPages: number;
  readonly pages: readonly PageContent[];
  readonly outline: readonly OutlineEntry[];
  readonly info: Readonly<Record<string, unknown>>;
}

async function open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of (detaches) the buffer it is given, so it gets a copy.
  return getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
}

/** Everything a test may want from a PDF, read in one pass. */
export async function readPdf(bytes: Uint8Array): Promise<PdfContent> {
  const doc = await open(bytes);
  try {
    const pages: PageContent[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const content = await page.getTextContent();
      const items: TextItem[] = [];
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        items.push({ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height });
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      const annotations = (await page.getAnnotations()) as { subtype: string; url?: string; dest?: unknown }[];
      const links = [];
      for (const a of annotations.filter((a) => a.subtype === 'Link')) {
        const resolved = typeof a.dest === 'string' ? (await doc.getDestination(a.dest)) !== null : undefined;
        links.push({ url: a.url, dest: a.dest, resolved });
      }
      pages.push({ width: x1 - x0, height: y1 - y0, text, items, links });
    }
    const toEntries = (nodes: { title: string; items: unknown[] }[] | null): OutlineEntry[] =>
      (nodes ?? []).map((n) => ({ title: n.title, items: toEntries(n.items as { title: string; items: unknown[] }[]) }));
    const outline = toEntries((await doc.getOutline()) as { title: string; items: unknown[] }[] | null);
    const { info } = await doc.getMetadata();
    return { numPages: doc.numPages, pages, outline, info: info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}

/** The text of each page, lines joined with newlines. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  return (await readPdf(bytes)).pages.map((p) => p.text);
}

/** Occurrences of `needle` in `haystack`. */
export function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/**
 * Each page's lines as laid out: where each starts (its baseline and left edge, in points to two
 * places) and what it says (without spaces), sorted. Two PDFs with the same layout give the same,
 * however their text is split into drawing operations.
 */
export async function layoutLines(bytes: Uint8Array): Promise<string[][]> {
  return (await readPdf(bytes)).pages.map((page) => {
    const byLine = new Map<string, { x: number; text: string }>();
    for (const item of page.items) {
      const y = item.y.toFixed(2);
      const line = byLine.get(y) ?? { x: item.x, text: '' };
      byLine.set(y, { x: Math.min(line.x, item.x), text: line.text + item.str });
    }
    return [...byLine].map(([y, { x, text }]) => `${y} ${x.toFixed(2)} ${text.replace(/\s+/g, '')}`).sort();
  });
}
