// Inline nodes become pdfmake text fragments. Styles nest: pdfmake passes bold, italics, link and
// colour down to the fragments inside, so each handler only sets what its node adds.
import type { Inline, InlineMap } from '../../document/model.js';
import type { Context, State } from './context.js';
import { inGroups, layoutPieces } from './wrap.js';
import { tag } from './tagging.js';
import { plainText, printedUrl, showsAddress, splitRanges } from '../text.js';

export type PdfNode = { [key: string]: unknown };
/** Styles inherited by the fragments inside a node. */
export type InlineStyle = { readonly [key: string]: unknown };

// pdfmake drops the styles of nested text arrays (bpampuch/pdfmake#1174), so inline nodes are
// flattened here: each handler returns leaf fragments carrying every style of their ancestors.
type InlineHandler<K extends keyof InlineMap> = (node: InlineMap[K], ctx: Context, state: State, style: InlineStyle) => PdfNode[];

const SAFE_URL = /^(https?:|mailto:)/i;

/**
 * The pdfmake id, and PDF named destination, of a heading: its own id. pdfmake and pdfkit keep ids
 * in arrays used as maps, so an id that names an array property ('at', 'map', 'length': the slug
 * of a heading "At" or "Length") would look taken or break the array; only those get a prefix.
 */
export function headingDestination(id: string): string {
  return id in ARRAY ? `briefpack-heading-${id}` : id;
}
const ARRAY: readonly unknown[] = [];

export function noteDestination(n: number): string {
  return `briefpack-note-${n}`;
}

/**
 * A note's marker: raised, at two thirds of the body size, 7 pt at a 10.5 pt body (pdfmake's own superscript is
 * 0.58 of it, 6 pt at a 10.5 pt body, too small to read in print) and in the text's accent colour.
 */
function noteMarker(ctx: Context): PdfNode {
  return { sup: true, fontSize: (ctx.theme.size.body * 0.67) / 0.58, color: ctx.theme.colour.accent, decoration: undefined };
}

export function recordText(value: string, state: State): void {
  for (const ch of value) state.codePoints.add(ch.codePointAt(0)!);
}

/** Fragments of one text, each with the style of its node. */
const textFragments = (value: string, style: InlineStyle, extra: InlineStyle = {}): PdfNode[] =>
  layoutPieces(value).map((text) => ({ ...style, ...extra, text }));

const inlineHandlers = {
  text: (node, _ctx, state, style) => {
    recordText(node.value, state);
    // A range ("2021–2025") is not broken after its dash.
    return splitRanges(node.value).flatMap((part) => (part.range ? [{ ...style, text: part.text, noWrap: true }] : textFragments(part.text, style)));
  },
  strong: (node, ctx, state, style) => inlines(node.children, ctx, state, { ...style, bold: true }),
  emphasis: (node, ctx, state, style) => inlines(node.children, ctx, state, { ...style, italics: true }),
  code: (node, ctx, state, style) => {
    recordText(node.value, state);
    // No monospace face is embedded (it would need its own glyph coverage); colour and a tint set
    // code apart instead.
    return textFragments(node.value, style, { color: ctx.theme.colour.accent, background: ctx.theme.colour.tableStripe, preserveLeadingSpaces: true });
  },
  link: (node, ctx, state, style) => {
    if (!SAFE_URL.test(node.url)) {
      state.diagnostics.push({
        code: 'UnsafeLink',
        severity: 'warning',
        message: `Link to '${node.url}' was printed as text: only http, https and mailto links are made live.`,
        source: node.source,
      });
      return inlines(node.children, ctx, state, style);
    }
    const { link } = ctx.theme.colour;
    // A link without text still has to be seen and clicked: its address stands in, shortened for
    // print as an address shown as its own text is (as in the DOCX).
    const children = showsAddress(node.url, plainText(node.children)) ? [{ type: 'text' as const, value: printedUrl(node.url) }] : node.children;
    return inlines(children, ctx, state, { ...style, link: node.url, color: link, decoration: 'underline', decorationColor: link });
  },
  crossReference: (node, ctx, state, style) => {
    if (!ctx.anchors.has(node.target)) {
      state.diagnostics.push({
        code: 'UnknownReference',
        severity: 'warning',
        message: `Cross-reference to '${node.target}' has no matching heading; it was printed without a link.`,
        source: node.source,
      });
      return inlines(node.children, ctx, state, style);
    }
    return inlines(node.children, ctx, state, { ...style, linkToDestination: headingDestination(node.target), color: ctx.theme.colour.link });
  },
  footnoteReference: (node, ctx, state, style) => {
    if (!Object.hasOwn(ctx.doc.footnotes, node.id)) {
      state.diagnostics.push({
        code: 'UnknownFootnote',
        severity: 'warning',
        message: `Footnote '${node.id}' is referenced but not defined; no marker was printed.`,
        source: node.source,
      });
      return [];
    }
    let n = state.footnoteNumbers.get(node.id);
    if (n === undefined) {
      n = state.footnoteOrder.push(node.id);
      state.footnoteNumbers.set(node.id, n);
    }
    return [tag({ ...style, ...noteMarker(ctx), text: String(n), linkToDestination: noteDestination(n) }, 'Reference')];
  },
  break: (_node, _ctx, _state, style) => [{ ...style, text: '\n' }],
} satisfies { [K in Inline['type']]: InlineHandler<K> };

/** The node types this writer handles; a test pins it to the model's union. */
export type HandledInlineType = keyof typeof inlineHandlers;

function inlines(nodes: readonly Inline[], ctx: Context, state: State, style: InlineStyle = {}): PdfNode[] {
  const out: PdfNode[] = [];
  nodes.forEach((node, i) => {
    // Notes 3 and 4 side by side would read as note 34: separate them as print does, "3,4".
    if (node.type === 'footnoteReference' && nodes[i - 1]?.type === 'footnoteReference') out.push({ ...style, ...noteMarker(ctx), text: ',' });
    out.push(...(inlineHandlers[node.type] as InlineHandler<typeof node.type>)(node, ctx, state, style));
  });
  return out;
}

// The text a reader sees, for bookmarks and size estimates: shared with the DOCX writer.
export { plainText };

/** Fragments for a text node; pdfmake wants a string rather than an empty array. */
export function richText(nodes: readonly Inline[], ctx: Context, state: State, style: InlineStyle = {}): PdfNode[] | string {
  const fragments = inlines(nodes, ctx, state, style);
  return fragments.length === 0 ? '' : inGroups(fragments);
}
