// Typography by language, one step on the document model (after Markdown is read, before any
// writer), so the PDF and the DOCX print the same characters: quotation marks as the language
// writes them, and French spacing before high punctuation. Code and link addresses are left alone.
import { createRequire } from 'node:module';
import type { Block, Document, Inline } from '../document/model.js';

const NNBSP = '\u202F';
const NBSP = '\u00A0';

interface Rules {
  readonly open: string;
  readonly close: string;
  /** French: a narrow no-break space before ; ! ? and a no-break space before : (and inside « »). */
  readonly frenchSpacing: boolean;
}

// English text keeps the quotes its author typed.
const RULES: Readonly<Record<string, Rules>> = {
  fr: { open: `«${NNBSP}`, close: `${NNBSP}»`, frenchSpacing: true },
  de: { open: '„', close: '“', frenchSpacing: false },
  es: { open: '«', close: '»', frenchSpacing: false },
  ru: { open: '«', close: '»', frenchSpacing: false },
};

const rulesFor = (lang: string): Rules | undefined => RULES[lang.toLowerCase().split('-')[0]!];

const narrowCache = new WeakMap<Uint8Array, boolean>();
/**
 * Whether a font (its regular face's bytes) draws U+202F. Roboto, the bundled font, does not: there
 * the narrow space becomes a no-break space, which keeps the words together and prints in every
 * format, where a missing glyph would print as an empty box in the PDF.
 */
export function drawsNarrowSpace(font: Uint8Array): boolean {
  let has = narrowCache.get(font);
  if (has === undefined) {
    // fontkit is pdfkit's dependency: resolve it from there, as the PDF writer does.
    const require = createRequire(import.meta.url);
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(bytes: Uint8Array): { hasGlyphForCodePoint(cp: number): boolean } };
    has = fontkit.create(font).hasGlyphForCodePoint(0x202f);
    narrowCache.set(font, has);
  }
  return has;
}

/** Whether a quote mark at this point opens a quotation: at the start, or after a space or opening bracket. */
const opens = (before: string) => before === '' || /[\s([{\u2014\u2013/-]$/.test(before);

/**
 * Text set for the language. `before` is the text that precedes it in the same paragraph (to tell
 * an opening quote mark from a closing one across inline nodes).
 */
export function typeset(lang: string, text: string, before = '', narrow = NNBSP): string {
  const found = rulesFor(lang);
  if (!found || text === '') return text;
  const rules = narrow === NNBSP ? found : { ...found, open: found.open.replaceAll(NNBSP, narrow), close: found.close.replaceAll(NNBSP, narrow) };
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const context = before + out;
    if (c === '"' || c === '\u201C' || c === '\u201D' || c === '\u00AB' || c === '\u00BB' || c === '\u201E') {
      const opening = c === '\u201C' || c === '\u00AB' || c === '\u201E' ? true : c === '\u201D' || c === '\u00BB' ? false : opens(context.slice(-1));
      if (opening) {
        out += rules.open;
        // The space an author typed inside « is replaced by the language's own.
        while (text[i + 1] === ' ' || text[i + 1] === NBSP || text[i + 1] === NNBSP) i++;
      } else {
        out = out.replace(/[ \u00A0\u202F]+$/, '') + rules.close;
      }
      continue;
    }
    if (rules.frenchSpacing && (c === ';' || c === '!' || c === '?' || c === ':')) {
      const next = text[i + 1];
      // A colon in 10:30 or https://, a question mark in a query string: not punctuation of a sentence.
      const ends = next === undefined || /[\s)\]»"\u201D.,;!?]/.test(next);
      const space = c === ':' ? NBSP : narrow;
      if (/[ \u00A0\u202F]$/.test(out)) out = out.replace(/[ \u00A0\u202F]+$/, '') + space;
      else if (ends && context !== '' && !/[\s;:!?(\[«]$/.test(context)) out += space;
      out += c;
      continue;
    }
    out += c;
  }
  return out;
}

/** How `typesetDocument` and `textTypesetter` set text; see `typesetDocument`. */
export interface TypesetOptions {
  readonly narrowSpace?: boolean;
  readonly foreign?: (text: string) => readonly (readonly [number, number])[];
}

/**
 * A typesetter of plain text for a language, as `typesetDocument` sets each text of a document:
 * `before` is the text that precedes it on its line (a quotation mark opens or closes by it).
 */
export function textTypesetter(lang: string, options: TypesetOptions = {}): ((text: string, before?: string) => string) | undefined {
  const narrow = options.narrowSpace === false ? NBSP : NNBSP;
  const stand = (text: string) => (narrow === NNBSP ? text : text.replaceAll(NNBSP, narrow));
  const rules = rulesFor(lang);
  if (!rules && narrow === NNBSP) return undefined;
  return (text, before = '') => {
    if (!rules || !/["“”«»„;:!?]/.test(text)) return stand(typeset(lang, text, before, narrow));
    const parts = options.foreign?.(text) ?? [];
    let out = '';
    let at = 0;
    for (const [start, end] of [...parts, [text.length, text.length] as const]) {
      out += typeset(lang, text.slice(at, start), before + out, narrow) + text.slice(start, end);
      at = end;
    }
    return stand(out);
  };
}

/**
 * The document with its text set for its language (metadata.language). `narrowSpace: false` when
 * the theme's font cannot draw the narrow no-break space: a no-break space stands in for every one,
 * in any language, whether typography or Intl (a French number, a Russian date) put it there.
 * `foreign` gives the parts of a text node that belong to a text in another language (the whole
 * node, or a question inside a label): those keep the typography their author gave them.
 */
export function typesetDocument(document: Document, options: TypesetOptions = {}): Document {
  const typeset_ = textTypesetter(document.metadata.language, options);
  if (!typeset_) return document;
  const inlines = (nodes: readonly Inline[]): Inline[] => {
    let before = '';
    const walk = (list: readonly Inline[]): Inline[] =>
      list.map((node): Inline => {
        switch (node.type) {
          case 'text': {
            const value = typeset_(node.value, before);
            before += value;
            return { ...node, value };
          }
          case 'strong':
          case 'emphasis':
          case 'link':
          case 'crossReference':
            return { ...node, children: walk(node.children) };
          case 'code':
            before += node.value;
            return node;
          case 'footnoteReference':
          case 'break':
            return node;
        }
      });
    return walk(nodes);
  };
  const blocks = (list: readonly Block[]): Block[] =>
    list.map((block): Block => {
      switch (block.type) {
        case 'heading':
        case 'paragraph':
          return { ...block, children: inlines(block.children) };
        case 'list':
          return { ...block, items: block.items.map((item) => ({ ...item, children: blocks(item.children) })) };
        case 'table':
          return { ...block, header: block.header.map(inlines), rows: block.rows.map((row) => row.map(inlines)) };
        case 'callout':
          return { ...block, ...(block.title ? { title: inlines(block.title) } : {}), children: blocks(block.children) };
        case 'cover':
          return { ...block, children: blocks(block.children) };
        case 'tableOfContents':
          return { ...block, title: typeset_(block.title) };
        case 'image':
        case 'pageBreak':
        case 'thematicBreak':
          return block;
      }
    });
  const footnotes: Record<string, Document['footnotes'][string]> = Object.create(null);
  for (const id of Object.keys(document.footnotes)) footnotes[id] = { ...document.footnotes[id]!, children: blocks(document.footnotes[id]!.children) };
  const metadata = { ...document.metadata, title: typeset_(document.metadata.title), ...(document.metadata.shortTitle ? { shortTitle: typeset_(document.metadata.shortTitle) } : {}) };
  return { ...document, metadata, blocks: blocks(document.blocks), footnotes };
}
