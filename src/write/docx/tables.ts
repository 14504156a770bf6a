// Tables and callout boxes: both are Word tables, widths in DXA (Word 2007 ignores percentages).
import {
  BorderStyle, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType,
  type FileChild, type ITableBordersOptions,
} from 'docx';
import type { Block, Callout, Table as TableNode, TableCell as CellNode } from '../../document/model.js';
import { warn, type WalkEnv, type WalkState } from './context.js';
import { inlines } from './inlines.js';
import { listTextIndent } from './numbering.js';
import { STYLE } from './styles.js';
import { eighths, hex, textWidthTwip, twip } from './units.js';

const ALIGN = { left: 'left', center: 'center', right: 'right' } as const;

/** The width a table may take: the text width, less a list's indent. */
function availableTwip(env: WalkEnv): number {
  return textWidthTwip(env.theme) - (env.listLevel >= 0 ? listTextIndent(env.theme, env.listLevel) : 0);
}

/** Column weights to DXA widths summing exactly to the total. */
export function columnWidths(weights: readonly number[], total: number): number[] {
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
  const widths = columnWidths(node.columns.map((c) => c.weight), total);
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
      margins: { top: pad, bottom: pad, left: pad, right: pad, marginUnitType: WidthType.DXA },
      rows,
    }),
  ];
}

const CALLOUT_FILL = { key: 'calloutKeyBackground', note: 'calloutNoteBackground', warning: 'calloutWarningBackground' } as const;

type BlockRenderer = (nodes: readonly Block[], env: WalkEnv, state: WalkState) => FileChild[];

/** A one-cell table: shaded, with a rule down the left, kept on one page when it fits. */
export function callout(node: Callout, env: WalkEnv, state: WalkState, render: BlockRenderer): FileChild[] {
  const { theme } = env;
  const inner: WalkEnv = { ...env, inBox: true, listLevel: -1 };
  const title = node.title ? inlines(node.title, inner, state) : [];
  const body = render(node.children, inner, state);
  const fits = body.filter((child): child is Paragraph | Table => child instanceof Paragraph || child instanceof Table);
  if (fits.length < body.length) warn(state, 'BlockNotRendered', 'A contents list inside a callout is left out.', node.source);
  const children = [...(title.length > 0 ? [new Paragraph({ style: STYLE.calloutTitle, children: title })] : []), ...fits];
  if (children.length === 0) return [];
  // A cell must end with a paragraph; Word reports a table as the last thing in one as corrupt.
  if (children[children.length - 1] instanceof Table) children.push(new Paragraph({ style: STYLE.tableText }));
  const none = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  const pad = twip(theme.spacing.calloutPadding);
  // The last paragraph's space after already pads the bottom.
  const bottom = Math.max(0, pad - twip(theme.spacing.paragraphAfter));
  const total = availableTwip(env);
  state.afterTable = !env.inBox;
  return [
    new Table({
      ...placement(env, total),
      columnWidths: [total],
      borders: {
        top: none, bottom: none, right: none, insideHorizontal: none, insideVertical: none,
        left: { style: BorderStyle.SINGLE, size: eighths(3), color: hex(theme.colour.calloutBorder) },
      },
      margins: { top: pad, bottom, left: pad, right: pad, marginUnitType: WidthType.DXA },
      rows: [
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: total, type: WidthType.DXA },
              shading: { type: 'clear', color: 'auto', fill: hex(theme.colour[CALLOUT_FILL[node.variant]]) },
              children,
            }),
          ],
        }),
      ],
    }),
  ];
}
