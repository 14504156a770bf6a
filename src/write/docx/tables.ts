// Tables and callout boxes: both are Word tables, widths in DXA (Word 2007 ignores percentages).
import {
  BorderStyle, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType,
  type FileChild, type IParagraphOptions, type ITableBordersOptions,
} from 'docx';
import type { Block, Callout, Table as TableNode, TableCell as CellNode } from '../../document/model.js';
import { warn, type CalloutBox, type WalkEnv, type WalkState } from './context.js';
import { inlines } from './inlines.js';
import { listTextIndent } from './numbering.js';
import { STYLE } from './styles.js';
import { eighths, hex, textWidthTwip, twip } from './units.js';
import type { Theme } from '../../theme/schema.js';

const ALIGN = { left: 'left', center: 'center', right: 'right' } as const;

/** The width a table may take: the text width, less a list's indent. */
function availableTwip(env: WalkEnv): number {
  return textWidthTwip(env.theme) - (env.listLevel >= 0 ? listTextIndent(env.theme, env.listLevel) : 0);
}

/** Column weights to DXA widths summing exactly to the total. */
function columnWidths(weights: readonly number[], total: number): number[] {
  const safe = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 1));
  const sum = safe.reduce((a, b) => a + b, 0);
  const widths = safe.map((w) => Math.floor((total * w) / sum));
  const rest = total - widths.reduce((a, b) => a + b, 0);
  if (widths.length > 0) widths[widths.length - 1]! += rest;
  return widths;
}

function placement(env: WalkEnv, width: number) {
  const indent = env.listLevel >= 0 ? { indent: { size: listTextIndent(env.theme, env.listLevel), type: WidthType.DXA } } : {};
  return { width: { size: width, type: WidthType.DXA }, layout: TableLayoutType.FIXED, ...indent };
}

export function table(node: TableNode, env: WalkEnv, state: WalkState): FileChild[] {
  const { theme } = env;
  const count = node.columns.length;
  if (count === 0) return [];
  const total = availableTwip(env);
  // The PDF shares out by weight the width left after the cells' padding (a point more at the
  // sides than above and below): the same text widths here, so cells wrap their lines alike.
  const side = twip(theme.spacing.tableCellPadding + 1);
  const widths = columnWidths(node.columns.map((c) => c.weight), total - 2 * side * count).map((w) => w + 2 * side);
  const cellEnv: WalkEnv = { ...env, inBox: true, listLevel: -1 };
  const fit = (cells: readonly CellNode[]): readonly CellNode[] => {
    if (cells.length > count) {
      warn(state, 'TableCellsDropped', `A table row has ${cells.length} cells for ${count} columns: the extra cells are left out.`, node.source);
    }
    return Array.from({ length: count }, (_, i) => cells[i] ?? []);
  };
  const row = (cells: readonly CellNode[], kind: 'header' | 'odd' | 'even') =>
    new TableRow({
      tableHeader: kind === 'header',
      cantSplit: true,
      children: fit(cells).map((content, i) => {
        const fill = kind === 'header' ? theme.colour.tableHeaderBackground : kind === 'even' ? theme.colour.tableStripe : undefined;
        return new TableCell({
          width: { size: widths[i] ?? 0, type: WidthType.DXA },
          ...(fill ? { shading: { type: 'clear', color: 'auto', fill: hex(fill) } } : {}),
          children: [
            new Paragraph({
              style: kind === 'header' ? STYLE.tableHeaderText : STYLE.tableText,
              alignment: ALIGN[node.columns[i]?.align ?? 'left'],
              children: inlines(content, cellEnv, state),
            }),
          ],
        });
      }),
    });
  const line = { style: BorderStyle.SINGLE, size: eighths(0.5), color: hex(theme.colour.tableBorder) };
  const borders: ITableBordersOptions = { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line };
  const pad = twip(theme.spacing.tableCellPadding);
  const rows = [
    ...(node.header.length > 0 ? [row(node.header, 'header')] : []),
    ...node.rows.map((cells, i) => row(cells, i % 2 === 1 ? 'even' : 'odd')),
  ];
  if (rows.length === 0) return [];
  state.afterTable = !env.inBox;
  return [
    new Table({
      ...placement(env, total),
      columnWidths: widths,
      borders,
      margins: { top: pad, bottom: pad, left: side, right: side, marginUnitType: WidthType.DXA },
      rows,
    }),
  ];
}

const CALLOUT_FILL = { key: 'calloutKeyBackground', note: 'calloutNoteBackground', warning: 'calloutWarningBackground' } as const;

type BlockRenderer = (nodes: readonly Block[], env: WalkEnv, state: WalkState) => FileChild[];
/** blocks.ts's way of making a body paragraph (it takes up a pending page break). */
type ParagraphMaker = (options: IParagraphOptions, env: WalkEnv, state: WalkState) => Paragraph;

/**
 * A callout: its paragraphs shaded, with a rule down the left and the padding drawn as borders in
 * the fill colour. Word and LibreOffice join paragraphs with the same borders into one box, which,
 * unlike a one-cell table, can split across pages (LibreOffice left half a page blank before a
 * table row too tall for it). A table inside a callout stays a table, set in by the padding.
 */
/** Space above a callout's box, in points, as in the PDF. */
const CALLOUT_ABOVE = 4;

/**
 * Space between a callout's box and a paragraph after it, in points, as the PDF sets it: its box
 * ends with the last paragraph's space after and a padding of at least 2 pt, then 6 pt more than a
 * paragraph's space below the box (pdf/table.ts). LibreOffice draws the padding (the border's
 * space) and puts the next paragraph's space before outside it.
 */
export function belowCallout(theme: Theme): number {
  const { calloutPadding: pad, paragraphAfter: after } = theme.spacing;
  return Math.max(pad, after + 2) - pad + after + 6;
}

export function callout(node: Callout, env: WalkEnv, state: WalkState, render: BlockRenderer, paragraph: ParagraphMaker): FileChild[] {
  const { theme } = env;
  const fill = hex(theme.colour[CALLOUT_FILL[node.variant]]);
  const pad = theme.spacing.calloutPadding;
  const padding = { style: BorderStyle.SINGLE, size: 1, color: fill, space: Math.round(pad) };
  const indent = env.listLevel >= 0 ? listTextIndent(theme, env.listLevel) : 0;
  const box: CalloutBox = {
    border: {
      top: padding,
      bottom: padding,
      right: padding,
      left: { style: BorderStyle.SINGLE, size: eighths(3), color: hex(theme.colour.calloutBorder), space: Math.round(pad) },
    },
    shading: { type: 'clear', color: 'auto', fill },
    left: indent + twip(pad + 3),
    right: twip(pad),
  };
  const inner: WalkEnv = { ...env, listLevel: -1, callout: box };
  const title = node.title ? inlines(node.title, inner, state) : [];
  const body = render(node.children, inner, state);
  const fits = body.filter((child): child is Paragraph | Table => child instanceof Paragraph || child instanceof Table);
  if (fits.length < body.length) warn(state, 'BlockNotRendered', 'A contents list inside a callout is left out.', node.source);
  // 4 pt above the box, as the PDF's callout has (pdf/table.ts): before its first paragraph, outside the border.
  const heading = title.length > 0 ? [paragraph({ style: STYLE.calloutTitle, children: title, spacing: { before: twip(CALLOUT_ABOVE) } }, inner, state)] : [];
  state.afterCallout = !env.inBox && env.callout === undefined;
  return [...heading, ...fits];
}

/** A paragraph's options inside a callout: the box's borders and shading, its indents added to the paragraph's own. */
export function boxed(options: IParagraphOptions, env: WalkEnv): IParagraphOptions {
  const box = env.callout;
  if (!box) return {};
  const own = options.indent ?? {};
  const listed = options.numbering && typeof options.numbering === 'object' ? listTextIndent(env.theme, options.numbering.level) : 0;
  return {
    border: box.border,
    shading: box.shading,
    indent: {
      ...own,
      left: box.left + (typeof own.left === 'number' ? own.left : listed),
      right: box.right,
      ...(listed > 0 && own.left === undefined ? { hanging: twip(env.theme.spacing.listIndent) } : {}),
    },
  };
}
