import type { Token } from 'markdown-it';
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
import { plainText, toInlines, type InlineContext } from './inlines.js';
import { markdownParser } from './parser.js';

export interface ImageResolver {
  /** Reads an image the Markdown names (`![alt](file)`), relative to the pack folder. */
  (src: string): Pick<Image, 'data' | 'format' | 'pixelWidth' | 'pixelHeight'>;
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
}

/** Parses the Markdown a template produced into the document model. */
export function toDocument(markdown: string, options: ToDocumentOptions): ParsedDocument {
  // footnote_anchor tokens are the HTML renderer's back-links (↩): nothing to print.
  const tokens = markdownParser()
    .parse(markdown, {})
    .filter((token: Token) => token.type !== 'footnote_anchor');
  const diagnostics: Diagnostic[] = [];
  const usedIds = new Set<string>();
  const footnoteIds = new Map<number, string>();
  const footnotes: Record<string, Footnote> = {};
  let line: number | undefined;
  const source = () => ({ file: options.sourceName, line });

  const inlineContext: InlineContext = {
    footnoteId(index, label) {
      let id = footnoteIds.get(index);
      if (!id) {
        id = label ?? `note-${index + 1}`;
        footnoteIds.set(index, id);
      }
      return id;
    },
    warn(code, message) {
      diagnostics.push({ code, severity: 'warning', message, source: source() });
    },
  };

  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const token = tokens[pos++];
    if (!token) throw new MarkdownError('UnexpectedEnd', 'Generated Markdown ended inside a block.');
    if (token.map) line = token.map[0] + 1;
    return token;
  };
  const expect = (type: string) => {
    const token = next();
    if (token.type !== type) throw new MarkdownError('UnexpectedToken', `Expected ${type}, found ${token.type}.`, { location: source() });
    return token;
  };
  const inline = () => toInlines(expect('inline').children ?? [], inlineContext);

  function uniqueId(wanted: string): string {
    const base = wanted || 'section';
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    return id;
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
        const depth = Math.min(4, Number(token.tag.slice(1))) as HeadingDepth;
        // An explicit id is written `{#id}` in the Markdown source; escaped text never matches.
        const raw = tokens[pos]?.content ?? '';
        let children = inline();
        expect('heading_close');
        const last = children[children.length - 1];
        let wanted: string | undefined;
        const explicit = /\{#[A-Za-z0-9][\w.-]*\}\s*$/.test(raw) && last?.type === 'text' ? /\s*\{#([A-Za-z0-9][\w.-]*)\}\s*$/.exec(last.value) : null;
        if (explicit && last?.type === 'text') {
          wanted = explicit[1];
          children = [...children.slice(0, -1), { type: 'text', value: last.value.slice(0, explicit.index) }];
        }
        return { type: 'heading', depth, id: uniqueId(wanted ?? slug(plainText(children))), children, toc: !frame.inCover, ...at };
      }
      case 'paragraph_open': {
        const first = tokens[pos]?.children ?? [];
        if (first.length === 1 && first[0]!.type === 'image') {
          const image = toImage(first[0]!, frame);
          next();
          expect('paragraph_close');
          return image;
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
      case 'code_block':
        return { type: 'paragraph', role: frame.role, children: [{ type: 'code', value: token.content.replace(/\n$/, '') }], ...at };
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
        const titleInlines: Inline[] | undefined = title ? [{ type: 'text', value: title }] : undefined;
        const children = blocks(close, { ...frame, role: 'body' });
        if (children.length === 0) return undefined;
        return { type: 'callout', variant, ...(titleInlines ? { title: titleInlines } : {}), children, ...at };
      }
      case 'toc': {
        blocks(close, frame);
        const depth = /\bdepth=(\d)\b/.exec(args);
        const title = args.replace(/\bdepth=\d\b/, '').trim() || 'Contents';
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
      const children: Inline[] = [];
      for (const block of blocks('footnote_close', { role: 'small', inCover: false })) {
        if (block.type === 'paragraph') children.push(...(children.length ? [{ type: 'text' as const, value: ' ' }] : []), ...block.children);
      }
      footnotes[id] = { id, children };
    }
    expect('footnote_block_close');
  }

  function toImage(token: Token, frame: Frame): Block | undefined {
    const src = String(token.attrGet('src') ?? '');
    const alt = token.content;
    if (!options.resolveImage) {
      inlineContext.warn('ImageNotRendered', `Image '${src}' left out: no image folder.`);
      return undefined;
    }
    const image = options.resolveImage(src);
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

  const body = blocks(undefined, { role: 'body', inCover: false });
  return {
    document: { modelVersion: MODEL_VERSION, metadata: options.metadata, blocks: body, footnotes },
    diagnostics,
  };
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}
