// Reading a tagged PDF the way assistive technology does, with pdf.js: the structure tree of each
// page, the text inside each marked-content sequence, the text in artifacts, and any text drawn
// outside marked content (which a screen reader could neither place nor skip).
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface StructNode {
  readonly role: string;
  readonly alt?: string;
  readonly lang?: string;
  readonly children: readonly StructNode[];
  /** Text of the marked content this element owns directly, in order. */
  readonly text: string;
  /** All its text, its descendants' included, in reading order. */
  readonly fullText: string;
  /** Annotations (OBJR) this element owns. */
  readonly annotations: number;
}

export interface TaggedPage {
  /** The page's part of the structure tree (pdf.js gives each page the elements with content on it). */
  readonly tree: StructNode | null;
  /** Text drawn inside Artifact marked content. */
  readonly artifactText: string;
  /** Text drawn inside marked content that the structure owns. */
  readonly taggedText: string;
  /** Text-showing operators outside any marked content. */
  readonly textOutsideMarkedContent: number;
  /** Marked-content sequences neither an artifact nor owned by a structure element. */
  readonly orphanSequences: number;
  /** Marked-content ids (MCIDs) on the page that no structure element owns (the parent tree does not lead to one). */
  readonly unownedIds: number;
  /** Tagged text in the order it is drawn, list labels left out (pdfmake draws a label after its item's first line). */
  readonly drawnText: string;
}

export interface TaggedPdf {
  readonly pages: readonly TaggedPage[];
  readonly markInfo: { readonly Marked?: boolean } | null;
  readonly language: string | undefined;
  /** The outline flattened: title and depth (1 = top level), in order. */
  readonly outline: readonly { readonly title: string; readonly depth: number }[];
}

const TEXT_OPS = new Set([OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText]);
const BEGIN_OPS = new Set([OPS.beginMarkedContent, OPS.beginMarkedContentProps]);

interface PdfjsStruct {
  role?: string;
  alt?: string;
  lang?: string;
  type?: string;
  id?: string;
  children?: PdfjsStruct[];
}

export async function readTags(bytes: Uint8Array): Promise<TaggedPdf> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true }).promise;
  try {
    const pages: TaggedPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      // Text of each marked-content id, and of artifacts.
      const content = await page.getTextContent({ includeMarkedContent: true });
      const byId = new Map<string, string>();
      let artifactText = '';
      let orphanSequences = 0;
      const sequenceIds = new Set<string>();
      const open: { id?: string; artifact: boolean }[] = [];
      for (const item of content.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
          open.push({ artifact: item.tag === 'Artifact', ...(item.id ? { id: item.id } : {}) });
          if (item.tag !== 'Artifact' && !item.id) orphanSequences++;
          if (item.id) sequenceIds.add(item.id);
        } else if (item.type === 'endMarkedContent') {
          open.pop();
        } else if (typeof item.str === 'string') {
          const current = open.at(-1);
          if (current?.artifact) artifactText += item.str + ' ';
          else if (current?.id) byId.set(current.id, (byId.get(current.id) ?? '') + item.str);
        }
      }
      // Text-showing operators outside marked content, from the content stream itself.
      const ops = await page.getOperatorList();
      let depth = 0;
      let textOutsideMarkedContent = 0;
      for (const fn of ops.fnArray) {
        if (BEGIN_OPS.has(fn)) depth++;
        else if (fn === OPS.endMarkedContent) depth--;
        else if (TEXT_OPS.has(fn) && depth <= 0) textOutsideMarkedContent++;
      }
      const convert = (node: PdfjsStruct): StructNode => {
        let text = '';
        let all = '';
        let annotations = 0;
        const children: StructNode[] = [];
        for (const child of node.children ?? []) {
          if (child.type === 'content' && child.id) {
            text += byId.get(child.id) ?? '';
            all += byId.get(child.id) ?? '';
          } else if (child.type === 'object' || child.type === 'annotation') annotations++;
          else if (child.role) {
            const converted = convert(child);
            children.push(converted);
            all += converted.fullText;
          }
        }
        return {
          role: node.role ?? '',
          children,
          text,
          fullText: all,
          annotations,
          ...(node.alt !== undefined ? { alt: node.alt } : {}),
          ...(node.lang !== undefined ? { lang: node.lang } : {}),
        };
      };
      const raw = (await page.getStructTree()) as PdfjsStruct | null;
      const tree = raw ? convert(raw) : null;
      const owned = new Set<string>();
      const own = (node: PdfjsStruct) => {
        if (node.type === 'content' && node.id) owned.add(node.id);
        node.children?.forEach(own);
      };
      if (raw) own(raw);
      const unownedIds = [...sequenceIds].filter((id) => !owned.has(id)).length;
      const labels = new Set<string>();
      const label = (node: PdfjsStruct, inLabel: boolean) => {
        if (node.type === 'content' && node.id && inLabel) labels.add(node.id);
        node.children?.forEach((c) => label(c, inLabel || node.role === 'Lbl'));
      };
      if (raw) label(raw, false);
      const drawnText = [...byId].filter(([id]) => !labels.has(id)).map(([, text]) => text).join(' ');
      pages.push({ tree, artifactText, taggedText: [...byId.values()].join(' '), textOutsideMarkedContent, orphanSequences, unownedIds, drawnText });
    }
    const markInfo = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
    const { info } = (await doc.getMetadata()) as { info: { Language?: string } };
    const outline: { title: string; depth: number }[] = [];
    const visit = (nodes: { title: string; items: unknown[] }[] | null, depth: number) => {
      for (const n of nodes ?? []) {
        outline.push({ title: n.title, depth });
        visit(n.items as { title: string; items: unknown[] }[], depth + 1);
      }
    };
    visit((await doc.getOutline()) as { title: string; items: unknown[] }[] | null, 1);
    return { pages, markInfo, language: info.Language, outline };
  } finally {
    await doc.destroy();
  }
}

/** Every element of a tree, depth first (reading order). */
export function elements(node: StructNode | null): StructNode[] {
  if (!node) return [];
  return [node, ...node.children.flatMap(elements)];
}

/** All text an element holds, its descendants' included, in reading order. */
export function fullText(node: StructNode): string {
  return node.fullText;
}

/** Text without white space, for comparing what pdf.js splits into items at will. */
export const squeeze = (s: string) => s.replace(/\s+/g, '');

/** Heading elements of every page in order, a heading that runs onto the next page counted once. */
export function headings(pdf: TaggedPdf): { role: string; text: string }[] {
  const out: { role: string; text: string }[] = [];
  for (const page of pdf.pages) {
    for (const el of elements(page.tree)) if (/^H[1-6]$/.test(el.role)) out.push({ role: el.role, text: fullText(el).trim() });
  }
  return out;
}
