// Page setup, sections and the running header and footer. The cover is a section of its own
// whose first page carries only the marking; the body section starts on a new page.
import {
  EndnotePosition,
  NumberFormat,
  Footer, Header, PageNumber, Paragraph, SectionType, Tab, TabStopType, TextRun, BorderStyle,
  type FileChild, type ISectionOptions,
} from 'docx';
import type { DocumentMetadata } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { COVER_MARKING, type CoverPlan } from '../cover.js';
import { labelsOf, pageOfParts } from '../labels.js';
import { STYLE } from './styles.js';
import { eighths, halfPt, hex, textWidthTwip, twip } from './units.js';

/** Header and footer sit this far into the top and bottom margins, as in the PDF. */
const EDGE_FRACTION = 0.4;

function pageProperties(theme: Theme) {
  const { margins } = theme.page;
  return {
    size: { width: twip(theme.pageSize.width), height: twip(theme.pageSize.height) },
    margin: {
      top: twip(margins.top),
      right: twip(margins.right),
      bottom: twip(margins.bottom),
      left: twip(margins.left),
      header: twip(margins.top * EDGE_FRACTION),
      footer: twip(margins.bottom * EDGE_FRACTION),
      gutter: 0,
    },
  };
}

/** The marking; on the cover (`size` given) larger, as in the PDF. */
function marking(meta: DocumentMetadata, size?: number): Paragraph[] {
  const text = meta.marking?.trim().toUpperCase();
  if (!text) return [];
  return [new Paragraph({ style: STYLE.marking, children: [new TextRun(size === undefined ? text : { text, size: halfPt(size * COVER_MARKING) })] })];
}

/** The running header: short title on the left, reference on the right, a rule below. */
function runningHeader(meta: DocumentMetadata, theme: Theme): Paragraph {
  const title = meta.shortTitle?.trim() || meta.title;
  const children = [new TextRun(title), ...(meta.reference ? [new TextRun({ children: [new Tab(), meta.reference] })] : [])];
  return new Paragraph({
    style: STYLE.running,
    tabStops: [{ type: TabStopType.RIGHT, position: textWidthTwip(theme) }],
    border: { bottom: { style: BorderStyle.SINGLE, size: eighths(0.5), color: hex(theme.colour.tableBorder), space: 2 } },
    spacing: { before: twip(2) },
    children,
  });
}

function pageFooter(meta: DocumentMetadata): Paragraph {
  const parts = pageOfParts(labelsOf(meta).pageOf).map((part) =>
    part === 'page' ? PageNumber.CURRENT : part === 'pages' ? PageNumber.TOTAL_PAGES : part,
  );
  return new Paragraph({
    style: STYLE.running,
    alignment: 'center',
    spacing: { after: twip(2) },
    children: [new TextRun({ children: parts })],
  });
}

/**
 * The cover's blocks spaced as the plan says, the same as the PDF: the space goes before the first
 * paragraph of each group (an empty paragraph would read as "blank" to a screen reader).
 */
export function coverPage(plan: CoverPlan, top: readonly FileChild[], details: readonly FileChild[]): FileChild[] {
  const spaced = ([first, ...rest]: readonly FileChild[], points: number): FileChild[] => {
    if (!(first instanceof Paragraph) || points < 1) return first ? [first, ...rest] : [];
    return [new Paragraph({ ...first.options, spacing: { ...first.options.spacing, before: twip(points) } }), ...rest];
  };
  return [...spaced(top, plan.before), ...spaced(details, plan.between)];
}

/** A header or footer part must hold a paragraph even when there is nothing to print. */
const orBlank = (paragraphs: Paragraph[]): Paragraph[] => (paragraphs.length > 0 ? paragraphs : [new Paragraph({ style: STYLE.running })]);

export function sections(
  meta: DocumentMetadata,
  theme: Theme,
  cover: readonly FileChild[] | undefined,
  body: readonly FileChild[],
): ISectionOptions[] {
  const page = pageProperties(theme);
  // Notes are endnotes, as the PDF lists them at the end: footnotes at each page's foot moved the
  // DOCX's headings pages away from the PDF's. Numbered 1, 2, 3 (Word's and LibreOffice's default
  // for endnotes is i, ii, iii), after the text of the document.
  const endnoteProperties = { numberFormat: { type: NumberFormat.DECIMAL }, position: EndnotePosition.DOCUMENT_END };
  const coverHeader = new Header({ children: orBlank(marking(meta, theme.size.marking)) });
  const coverFooter = new Footer({ children: orBlank(marking(meta, theme.size.marking)) });
  const bodyHeader = new Header({ children: [...marking(meta), runningHeader(meta, theme)] });
  const bodyFooter = new Footer({ children: [pageFooter(meta), ...marking(meta)] });
  const bodyChildren = body.length > 0 ? body : [new Paragraph({ style: STYLE.running })];
  const bodySection = (type?: (typeof SectionType)[keyof typeof SectionType]): ISectionOptions => ({
    properties: { page, endnoteProperties, ...(type ? { type } : {}) },
    headers: { default: bodyHeader },
    footers: { default: bodyFooter },
    children: bodyChildren,
  });
  if (!cover) return [bodySection()];
  return [
    {
      properties: { page, endnoteProperties, titlePage: true },
      headers: { first: coverHeader, default: coverHeader },
      footers: { first: coverFooter, default: coverFooter },
      children: cover.length > 0 ? cover : [new Paragraph({ style: STYLE.running })],
    },
    bodySection(SectionType.NEXT_PAGE),
  ];
}
