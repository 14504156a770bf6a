import type { MarkdownIt, Token } from 'markdown-it';
import {
  MODEL_VERSION,
  type Block,
  type CalloutVariant,
  type ColumnAlign,
  type Diagnostic,
  type Document,
  type DocumentMetadata,
  type Footnote,
  type HeadingDepth,
  type Image,
  type Inline,
  type ListItem,
  type ParagraphRole,
  type TableCell,
} from '../document/model.js';
import { MarkdownError } from '../errors.js';
import { altText, plainText, toInlines, type InlineContext } from './inlines.js';
import { markdownParser, richTextParser } from './parser.js';
import { extractRich, PLACEHOLDER } from './rich.js';

export interface ImageResolver {
  /**
   * Reads an image the Markdown names (`![alt](file)`), relative to the pack folder; `inField`
   * when a rich-text field names it rather than the template (the logo), for messages.
   */
  (src: string, inField: boolean): Pick<Image, 'data' | 'format' | 'pixelWidth' | 'pixelHeight'>;
}

export interface ToDocumentOptions {
  readonly metadata: DocumentMetadata;
  /** Name of the Markdown's origin for locations, e.g. the template file. */
  readonly sourceName: string;
  readonly resolveImage?: ImageResolver;
}

export interface ParsedDocument {
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
}

interface Frame {
  readonly role: ParagraphRole;
  readonly align?: 'left' | 'center' | 'right';
  readonly inCover: boolean;
  /** Inside a footnote: headings become bold paragraphs (a note has no place in the outline). */
  readonly inNote?: boolean;
}

/** What the template's Markdown and every rich-text field in it share while they are read. */
interface Shared {
  readonly options: ToDocumentOptions;
  readonly diagnostics: Diagnostic[];
  readonly usedIds: Set<string>;
  /** Null-prototype, so a note labelled `__proto__` or `constructor` is an ordinary entry. */
  readonly footnotes: Record<string, Footnote>;
  /** Footnote ids given out or reserved for a label, across all parses of the document. */
  readonly noteIds: Set<string>;
  readonly fields: readonly string[];
  line: number | undefined;
  /** Level of the template's last heading so far (0 before any): a field's headings nest under it. */
  depth: number;
}

const ROLE_BODY: Frame = { role: 'body', inCover: false };

/** Parses the Markdown a template produced into the document model. */
export function toDocument(markdown: string, options: ToDocumentOptions): ParsedDocument {
  const { markdown: outer, fields } = extractRich(markdown);
  const shared: Shared = {
    options,
    diagnostics: [],
    usedIds: new Set(),
    footnotes: Object.create(null) as Record<string, Footnote>,
    noteIds: new Set(),
    fields,
    line: undefined,
    depth: 0,
  };
  const body = read(markdownParser(), outer, shared, true).blocks(undefined, ROLE_BODY);
  return {
    document: { modelVersion: MODEL_VERSION, metadata: options.metadata, blocks: body, footnotes: shared.footnotes },
    diagnostics: shared.diagnostics,
  };
}

/**
 * A reader over one parse: the template's Markdown (`outer`: it holds the rich-text field
 * placeholders and its lines are the ones messages name) or one rich-text field.
 */
function read(md: MarkdownIt, markdown: string, shared: Shared, outer: boolean) {
  const env: { footnotes?: { refs?: Record<string, number> } } = {};
  // footnote_anchor tokens are the HTML renderer's back-links (↩): nothing to print.
  const tokens = md.parse(markdown, env).filter((token: Token) => token.type !== 'footnote_anchor');
  refuseTooDeep(md, tokens, markdown, shared, outer);
  const { options, diagnostics, usedIds, footnotes, noteIds } = shared;
  // A note keeps its label as id. Labels are reserved before any note is numbered, so a label
  // `note-1` and the automatic id of an inline note never meet; a field's label already used
  // elsewhere in the document gets a suffix.
  const labelIds = new Map<string, string>();
  for (const key of Object.keys(env.footnotes?.refs ?? {})) {
    const label = key.slice(1);
    labelIds.set(label, unique(noteIds, label));
  }
  const footnoteIds = new Map<number, string>();
  const source = () => ({ file: options.sourceName, line: shared.line });

  const inlineContext: InlineContext = {
    footnoteId(index, label) {
      let id = footnoteIds.get(index);
      if (!id) {
        id = (label !== undefined ? labelIds.get(label) : undefined) ?? unique(noteIds, `note-${index + 1}`);
        footnoteIds.set(index, id);
      }
      return id;
    },
    warn(code, message) {
      diagnostics.push({ code, severity: 'warning', message, source: source() });
    },
    ...(outer
      ? {
          field: (n: number) => fieldInlines(n),
          fieldSource: (n: number) => shared.fields[n] ?? '',
        }
      : {}),
  };

  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new MarkdownError('UnexpectedEnd', 'Generated Markdown ended inside a block.');
    // A field's lines are its own; messages name the template line where the field stands.
    if (token.map && outer) shared.line = token.map[0] + 1;
    return token;
  };
  const expect = (type: string) => {
    const token = next();
    if (token.type !== type) throw new MarkdownError('UnexpectedToken', `Expected ${type}, found ${token.type}.`, { location: source() });
    return token;
  };
  const inline = () => toInlines(expect('inline').children ?? [], inlineContext);
  const inlineOf = (text: string) => toInlines(md.parseInline(text, env)[0]?.children ?? [], inlineContext);

  function fieldBlocks(n: number, frame: Frame): Block[] {
    return read(richTextParser(), shared.fields[n] ?? '', shared, false).blocks(undefined, frame);
  }

  /** A field placed inside a line (a heading, a cell, beside other text) gives its inlines. */
  function fieldInlines(n: number): Inline[] {
    const parsed = fieldBlocks(n, ROLE_BODY);
    const only = parsed[0];
    if (parsed.length === 1 && only?.type === 'paragraph') return [...only.children];
    if (parsed.length > 0) {
      inlineContext.warn('RichTextInline', 'A rich-text field with more than one paragraph stands inside a line: its blocks print as lines of text.');
    }
    const out: Inline[] = [];
    for (const text of parsed.flatMap(blockLines)) out.push(...(out.length ? [{ type: 'break' as const }] : []), ...text);
    return out;
  }

  /** Reads blocks until the token type `until` (consumed), or the end. */
  function blocks(until: string | undefined, frame: Frame): Block[] {
    const out: Block[] = [];
    while (pos < tokens.length) {
      const token = peek()!;
      if (token.type === until) {
        next();
        return out;
      }
      const block = readBlock(frame);
      if (Array.isArray(block)) out.push(...block);
      else if (block) out.push(block);
    }
    if (until) throw new MarkdownError('UnexpectedEnd', `Generated Markdown ended before ${until}.`);
    return out;
  }

  function readBlock(frame: Frame): Block | Block[] | undefined {
    const token = next();
    const at = { source: source() };
    switch (token.type) {
      case 'heading_open': {
        // A field's `#` is a subheading of the section the field stands in, so an item's text can
        // neither take a level of the template's outline nor move its later sections under it.
        const level = Number(token.tag.slice(1));
        const depth = Math.min(4, outer ? level : shared.depth + level) as HeadingDepth;
        if (outer && !frame.inNote) shared.depth = depth;
        // An explicit id is written `{#id}` in the Markdown source; escaped text never matches.
        const raw = tokens[pos]?.content ?? '';
        let children = inline();
        expect('heading_close');
        if (frame.inNote) return children.length ? { type: 'paragraph', role: frame.role, children: [{ type: 'strong', children }], ...at } : undefined;
        const last = children[children.length - 1];
        let wanted: string | undefined;
        const explicit = /\{#[A-Za-z0-9][\w.-]*\}\s*$/.test(raw) && last?.type === 'text' ? /\s*\{#([A-Za-z0-9][\w.-]*)\}\s*$/.exec(last.value) : null;
        if (explicit && last?.type === 'text') {
          wanted = explicit[1];
          const rest = last.value.slice(0, explicit.index);
          children = [...children.slice(0, -1), ...(rest ? [{ type: 'text' as const, value: rest }] : [])];
        }
        return { type: 'heading', depth, id: unique(usedIds, wanted ?? (slug(plainText(children)) || 'section')), children, toc: !frame.inCover, ...at };
      }
      case 'paragraph_open': {
        const first = tokens[pos]?.children ?? [];
        if (first.length === 1 && first[0]!.type === 'image') {
          const image = toImage(first[0]!, frame);
          next();
          expect('paragraph_close');
          return image;
        }
        // A paragraph that is only a field's placeholder is where the field's blocks go.
        const placeholder = outer && first.length === 1 && first[0]!.type === 'text' ? /^\u0002(\d+)\u0003$/.exec(first[0]!.content.trim()) : null;
        if (placeholder) {
          next();
          expect('paragraph_close');
          return fieldBlocks(Number(placeholder[1]), frame);
        }
        const children = inline();
        expect('paragraph_close');
        if (children.length === 0) return undefined;
        return { type: 'paragraph', role: frame.role, ...(frame.align ? { align: frame.align } : {}), children, ...at };
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const start = ordered ? Number(token.attrGet('start') ?? 1) : 1;
        const items: ListItem[] = [];
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        while (peek()?.type === 'list_item_open') {
          next();
          items.push({ children: blocks('list_item_close', frame) });
        }
        expect(close);
        return { type: 'list', ordered, start, items, ...at };
      }
      case 'table_open':
        return readTable(at);
      case 'hr':
        return { type: 'thematicBreak', ...at };
      case 'blockquote_open':
        return { type: 'callout', variant: 'note', children: blocks('blockquote_close', frame), ...at };
      case 'fence':
      case 'code_block': {
        const value = token.content.replace(/\n$/, '');
        return { type: 'paragraph', role: frame.role, children: [{ type: 'code', value: inlineContext.fieldSource ? value.replace(PLACEHOLDER, (_, n: string) => inlineContext.fieldSource!(Number(n))) : value }], ...at };
      }
      case 'footnote_block_open':
        readFootnotes();
        return undefined;
      default:
        if (token.type.startsWith('container_')) return readDirective(token, frame, at);
        inlineContext.warn('BlockNotRendered', `Block '${token.type}' is not supported and was left out.`);
        return undefined;
    }
  }

  function readDirective(token: Token, frame: Frame, at: { source: ReturnType<typeof source> }): Block | Block[] | undefined {
    const name = token.type.replace(/^container_/, '').replace(/_open$/, '');
    const close = `container_${name}_close`;
    const args = token.info.trim().replace(new RegExp(`^${name}\\s*`), '');
    switch (name) {
      case 'cover':
        return { type: 'cover', children: blocks(close, { ...frame, inCover: true }), ...at };
      case 'callout': {
        const [variantWord, ...titleWords] = args.split(/\s+/);
        const variant: CalloutVariant = variantWord === 'key' || variantWord === 'warning' ? variantWord : 'note';
        const title = titleWords.join(' ').trim();
        // The title is template Markdown: `{{value}}` in it is escaped, and prints as typed.
        const titleInlines: Inline[] | undefined = title ? inlineOf(title) : undefined;
        const children = blocks(close, { ...frame, role: 'body' });
        if (children.length === 0) return undefined;
        return { type: 'callout', variant, ...(titleInlines ? { title: titleInlines } : {}), children, ...at };
      }
      case 'toc': {
        blocks(close, frame);
        const depth = /\bdepth=(\d)\b/.exec(args);
        const title = plainText(inlineOf(args.replace(/\bdepth=\d\b/, '').trim())) || 'Contents';
        return { type: 'tableOfContents', title, maxDepth: Math.min(4, Math.max(1, Number(depth?.[1] ?? 2))) as HeadingDepth, ...at };
      }
      case 'pagebreak':
        blocks(close, frame);
        return { type: 'pageBreak', ...at };
      case 'title':
        // A title block on the first page: its heading stays out of the contents and outline.
        return blocks(close, { ...frame, inCover: true });
      case 'center':
        return blocks(close, { ...frame, align: 'center' });
      case 'lead':
      case 'small':
      case 'meta':
        return blocks(close, { ...frame, role: name });
      default:
        return blocks(close, frame);
    }
  }

  function readTable(at: { source: ReturnType<typeof source> }): Block {
    const header: TableCell[] = [];
    const rows: TableCell[][] = [];
    const aligns: ColumnAlign[] = [];
    let row: TableCell[] | undefined;
    let inHead = false;
    for (;;) {
      const token = next();
      if (token.type === 'table_close') break;
      if (token.type === 'thead_open') inHead = true;
      else if (token.type === 'thead_close') inHead = false;
      else if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close') {
        if (row && !inHead) rows.push(row);
        row = undefined;
      } else if (token.type === 'th_open' || token.type === 'td_open') {
        const style = String(token.attrGet('style') ?? '');
        const align = (/text-align:(left|center|right)/.exec(style)?.[1] ?? 'left') as ColumnAlign;
        const cell = inline();
        next();
        if (token.type === 'th_open') {
          header.push(cell);
          aligns.push(align);
        } else row?.push(cell);
      }
    }
    // GFM has no widths. Columns of short values (dates, times, codes) get room for their longest
    // value on one line; the columns that must wrap share the rest, weighted by their longest text.
    // About 80 characters fit across the text width at table size.
    const LINE = 80;
    const SHORT = 16;
    const longest = header.map((cell, i) => Math.max(plainText(cell).length, ...rows.map((r) => plainText(r[i] ?? []).length)));
    const shortTotal = longest.reduce((sum, n) => sum + (n <= SHORT ? n + 2 : 0), 0);
    const wrapping = longest.filter((n) => n > SHORT);
    const wrapTotal = wrapping.reduce((sum, n) => sum + Math.min(40, n), 0);
    const weights = longest.map((n) => {
      if (n <= SHORT || shortTotal > LINE / 2 || wrapping.length === 0) return Math.min(40, Math.max(6, n + 2));
      return Math.max(SHORT, ((LINE - shortTotal) * Math.min(40, n)) / wrapTotal);
    });
    return {
      type: 'table',
      columns: header.map((_, i) => ({ align: aligns[i] ?? 'left', weight: weights[i] ?? 1 })),
      header,
      rows,
      ...at,
    };
  }

  function readFootnotes() {
    while (peek()?.type === 'footnote_open') {
      const open = next();
      const meta = open.meta as { id: number; label?: string };
      const id = inlineContext.footnoteId(meta.id, meta.label);
      footnotes[id] = { id, children: blocks('footnote_close', { ...ROLE_BODY, inNote: true }) };
    }
    expect('footnote_block_close');
  }

  function toImage(token: Token, frame: Frame): Block | undefined {
    const src = String(token.attrGet('src') ?? '');
    const alt = altText(token, inlineContext);
    if (!options.resolveImage) {
      inlineContext.warn('ImageNotRendered', `Image '${src}' left out: no image folder.`);
      return undefined;
    }
    const image = options.resolveImage(src, !outer);
    const width = Number(token.attrGet('title'));
    return {
      type: 'image',
      ...image,
      alt,
      src,
      ...(width > 0 ? { width } : {}),
      ...(frame.align ? { align: frame.align } : {}),
      source: source(),
    };
  }

  return { blocks };
}

function unique(used: Set<string>, wanted: string): string {
  let id = wanted;
  for (let n = 2; used.has(id); n++) id = `${wanted}-${n}`;
  used.add(id);
  return id;
}

/** The lines of text a block holds, for a field that must print inside a line. */
function blockLines(block: Block): Inline[][] {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
      return [[...block.children]];
    case 'list':
      return block.items.flatMap((item) => item.children.flatMap(blockLines));
    case 'callout':
    case 'cover':
      return block.children.flatMap(blockLines);
    case 'table':
      return [block.header, ...block.rows].map((row) => row.flatMap((cell, i) => (i ? [{ type: 'text' as const, value: ' | ' }, ...cell] : [...cell])));
    case 'image':
      return block.alt ? [[{ type: 'text', value: block.alt }]] : [];
    default:
      return [];
  }
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * markdown-it stops reading, without a word, at the nesting depth it allows (`maxNesting`: about 50
 * list levels): everything deeper would vanish from the document. Refuse it instead.
 */
function refuseTooDeep(md: MarkdownIt, tokens: readonly Token[], markdown: string, shared: Shared, outer: boolean): void {
  const limit = md.options.maxNesting ?? 100;
  if (!reachesLimit(md, tokens)) return;
  const start = markdown.trim().slice(0, 60).replace(/\s+/g, ' ');
  throw new MarkdownError('NestedTooDeep', `${outer ? 'The template' : 'A rich-text field'} nests lists or quotes too deeply to read (more than about ${Math.floor(limit / 2)} levels): "${start}…".`, {
    hint: 'Flatten the list: Word numbers at most 9 levels, and deeper items print at the 9th anyway.',
    location: { file: shared.options.sourceName, ...(shared.line !== undefined ? { line: shared.line } : {}) },
  });
}

const reachesLimit = (md: MarkdownIt, tokens: readonly Token[]) => tokens.some((token) => token.level >= (md.options.maxNesting ?? 100) - 1);

/** Deepest nesting a rich-text field may hold, in levels of lists and quotes (markdown-it's bound). */
export const RICH_NESTING_LIMIT = Math.floor((richTextParser().options.maxNesting ?? 100) / 2);

/**
 * True when a rich-text field nests lists or quotes deeper than RICH_NESTING_LIMIT, so the pack
 * can name its file, line and field when it loads. Text with too few markers to nest that deep is
 * not parsed at all.
 */
export function nestsTooDeep(markdown: string): boolean {
  if ((markdown.match(/[-*+>.)]/g)?.length ?? 0) < RICH_NESTING_LIMIT - 1) return false;
  const md = richTextParser();
  return reachesLimit(md, md.parse(markdown, {}));
}
