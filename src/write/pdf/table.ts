// Tables and callouts. Column weights become percentages of the width left after padding and
// rules (pdfmake computes '%' widths from that), so weights 1:3 give exactly a quarter.
import type { Block, Callout, Table, TableCell } from '../../document/model.js';
import type { Context, State } from './context.js';
import { textHeight } from './context.js';
import { estimateHeight } from './estimate.js';
import { richText, type PdfNode } from './inlines.js';
import { tag } from './tagging.js';

export function table(node: Table, ctx: Context, state: State): PdfNode {
  const { theme } = ctx;
  const columns = node.columns.length > 0 ? node.columns : [{ align: 'left' as const, weight: 1 }];
  const weights = columns.map((c) => (c.weight > 0 ? c.weight : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const widths = weights.map((w) => `${((w / total) * 100).toFixed(4)}%`);
  // pdfmake needs every row to have a cell per column; short rows are padded, long ones cut.
  const row = (cells: readonly TableCell[], header: boolean, index: number) =>
    columns.map((column, c) => {
      const cell: PdfNode = { text: richText(cells[c] ?? [], ctx, state), alignment: column.align };
      if (header) Object.assign(cell, { bold: true, color: theme.colour.tableHeaderText, fillColor: theme.colour.tableHeaderBackground });
      else if (index % 2 === 1) cell.fillColor = theme.colour.tableStripe;
      return cell;
    });
  const hasHeader = node.header.length > 0;
  const body = [...(hasHeader ? [row(node.header, true, 0)] : []), ...node.rows.map((r, i) => row(r, false, i))];
  if (body.length === 0) return { text: '' };
  const pad = theme.spacing.tableCellPadding;
  // A data table (a callout's table is layout and stays untagged); header rows become TH.
  return tag({
    table: { headerRows: hasHeader ? 1 : 0, keepWithHeaderRows: hasHeader ? 1 : 0, dontBreakRows: true, widths, body },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => theme.colour.tableBorder,
      vLineColor: () => theme.colour.tableBorder,
      paddingLeft: () => pad + 1,
      paddingRight: () => pad + 1,
      paddingTop: () => pad,
      paddingBottom: () => pad,
    },
    style: 'tableBody',
    margin: [0, 2, 0, theme.spacing.paragraphAfter + 4],
  }, 'Table');
}

const BACKGROUND = { key: 'calloutKeyBackground', note: 'calloutNoteBackground', warning: 'calloutWarningBackground' } as const;
const RULE = 3;

/** The block walk of blocks.ts, handed in: a callout holds blocks. */
type BlockWalk = (nodes: readonly Block[], ctx: Context, state: State) => PdfNode[];

export function callout(node: Callout, ctx: Context, state: State, blocks: BlockWalk): PdfNode {
  const { theme } = ctx;
  const pad = theme.spacing.calloutPadding;
  const inner: Context = { ...ctx, width: ctx.width - 2 * pad - RULE };
  const content: PdfNode[] = [];
  if (node.title && node.title.length > 0) {
    content.push({ text: richText(node.title, inner, state), bold: true, color: theme.colour.heading, margin: [0, 0, 0, 3] });
  }
  content.push(...blocks(node.children, inner, state));
  // A short box is kept on one page; a longer one splits across pages like the text around it
  // (its lines keep the widow and orphan rules, keep.ts) rather than leave much of a page blank
  // before it. pdfmake also keeps only the first page of an unbreakable block that overflows.
  const estimate = estimateHeight(node, inner);
  return {
    table: { widths: ['*'], body: [[{ stack: content, fillColor: theme.colour[BACKGROUND[node.variant]] }]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? RULE : 0),
      vLineColor: () => theme.colour.calloutBorder,
      paddingLeft: () => pad,
      paddingRight: () => pad,
      paddingTop: () => pad,
      // The last paragraph's spacing already adds room at the bottom.
      paddingBottom: () => Math.max(pad - theme.spacing.paragraphAfter, 2),
    },
    unbreakable: estimate < textHeight(theme) * 0.4,
    margin: [0, 4, 0, theme.spacing.paragraphAfter + 6],
  };
}
