// Named styles built from the theme, so a Word user restyling the file edits styles, not runs.
import { AlignmentType, BorderStyle, type IStylesOptions, type IParagraphStyleOptions } from 'docx';
import type { HeadingDepth, ParagraphRole } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import { eighths, exactLines, halfPt, hex, lineSpacing, twip } from './units.js';

export const ROLE_STYLE = { body: 'Body', lead: 'Lead', small: 'Small', meta: 'Meta' } as const satisfies {
  [K in ParagraphRole]: string;
};
export const headingStyle = (depth: HeadingDepth): string => `Heading${depth}`;
/** Headings kept out of the contents and outline (e.g. on the cover): not based on a heading style. */
export const unlistedHeadingStyle = (depth: HeadingDepth): string => (depth === 1 ? 'Title' : `UnlistedHeading${depth}`);

export const STYLE = {
  tocHeading: 'TOCHeading',
  tableText: 'TableText',
  tableHeaderText: 'TableHeaderText',
  calloutTitle: 'CalloutTitle',
  listBody: 'ListBody',
  rule: 'Rule',
  marking: 'Marking',
  running: 'Running',
  image: 'Picture',
  code: 'CodeChar',
  hyperlink: 'Hyperlink',
  /** A note's text: notes are endnotes, listed at the end as the PDF lists them. */
  noteText: 'EndnoteText',
  /** A note's number in the text, and the comma between two. */
  noteReference: 'EndnoteReference',
} as const;

const DEPTHS = [1, 2, 3, 4] as const;
/** Room for a note's number before its text, in points. */
const NOTE_INDENT = 14;

/** Space after a row of the contents, as pdfmake's contents table spaces its rows. */
const TOC_ROW_AFTER = 10;

/** Headings are set tighter than text, as in the PDF (its heading styles). */
const HEADING_LINE = 1.05;

/**
 * A heading's look, spaced as the PDF spaces it so that both break pages at the same places: its
 * line at the PDF's heading line height, and its space before that of the PDF, where a heading's
 * space before (a quarter more at the top level) adds to the paragraph's space after above it.
 * Word and LibreOffice take the larger of the two instead, so the heading's own space before
 * includes a paragraph's.
 */
function headingLook(theme: Theme, depth: HeadingDepth) {
  const { spacing } = theme;
  const before = spacing.headingBefore * (depth === 1 ? 1.25 : 1) + spacing.paragraphAfter;
  return {
    run: { size: halfPt(theme.size[`h${depth}`]), bold: true, color: hex(theme.colour.heading), font: theme.font.family },
    paragraph: {
      spacing: { before: twip(before), after: twip(spacing.headingAfter), ...exactLines(theme, theme.size[`h${depth}`], HEADING_LINE) },
      keepNext: true,
      keepLines: true,
    },
  };
}

function paragraphStyles(theme: Theme): IParagraphStyleOptions[] {
  const { size, colour, spacing } = theme;
  // Text of one size has its lines at the PDF's pitch; a picture's line must grow to hold it.
  const after = (pt: number, size = theme.size.body) => ({ spacing: { after: twip(pt), ...exactLines(theme, size) } });
  const style = (id: string, options: Omit<IParagraphStyleOptions, 'id'>): IParagraphStyleOptions => ({
    id,
    name: id,
    basedOn: 'Normal',
    next: ROLE_STYLE.body,
    quickFormat: true,
    ...options,
  });
  return [
    style(ROLE_STYLE.body, { paragraph: after(spacing.paragraphAfter) }),
    // Spaced after as the PDF's styles (pdf/page.ts) space them.
    style(ROLE_STYLE.lead, { run: { size: halfPt(size.lead) }, paragraph: after(spacing.paragraphAfter * 1.5, size.lead) }),
    style(ROLE_STYLE.small, { run: { size: halfPt(size.small), color: hex(colour.muted) }, paragraph: after(spacing.paragraphAfter, size.small) }),
    style(ROLE_STYLE.meta, { run: { color: hex(colour.muted) }, paragraph: after(2) }),
    ...DEPTHS.filter((d) => d > 1).map((d) => style(unlistedHeadingStyle(d), headingLook(theme, d))),
    // The contents title and rows spaced as the PDF's contents list sets them (its title at the top
    // of the page, rows 24 pt apart at the default size), so the sections after start where they do there.
    style(STYLE.tocHeading, { ...headingLook(theme, 1), paragraph: { ...headingLook(theme, 1).paragraph, spacing: { ...headingLook(theme, 1).paragraph.spacing, before: 0, after: twip(spacing.headingAfter * 1.5 + 7) } } }),
    style(STYLE.listBody, { paragraph: after(spacing.listItemAfter) }),
    // A point smaller than the text, as in the PDF.
    style(STYLE.tableText, { run: { size: halfPt(Math.max(size.small, size.body - 1)) }, paragraph: after(0, Math.max(size.small, size.body - 1)) }),
    style(STYLE.tableHeaderText, { basedOn: STYLE.tableText, run: { bold: true, color: hex(colour.tableHeaderText) }, paragraph: { keepNext: true } }),
    // 3 pt below, as the PDF's callout title (pdf/table.ts).
    style(STYLE.calloutTitle, { run: { bold: true, color: hex(colour.heading) }, paragraph: { ...after(3), keepNext: true } }),
    style(STYLE.rule, {
      run: { size: 2 },
      paragraph: {
        spacing: { before: 0, after: twip(spacing.paragraphAfter), line: 240, lineRule: 'auto' },
        border: { bottom: { style: BorderStyle.SINGLE, size: eighths(0.75), color: hex(colour.tableBorder), space: 1 } },
      },
    }),
    style(STYLE.image, { paragraph: { spacing: { after: twip(spacing.paragraphAfter), ...lineSpacing(theme) }, keepNext: false } }),
    style(STYLE.marking, {
      run: { size: halfPt(size.marking), bold: true, allCaps: true, color: hex(colour.marking) },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 0, line: 240, lineRule: 'auto' } },
    }),
    style(STYLE.running, {
      run: { size: halfPt(size.running), color: hex(colour.muted) },
      paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: 'auto' } },
    }),
    ...DEPTHS.map((d) =>
      style(`TOC${d}`, {
        name: `toc ${d}`,
        run: d === 1 ? { bold: true } : {},
        paragraph: { ...after(d === 1 ? TOC_ROW_AFTER : spacing.listItemAfter), indent: { left: twip((d - 1) * spacing.listIndent) } },
      }),
    ),
  ];
}

const cache = new WeakMap<Theme, IStylesOptions>();

/** Styles depend only on the theme (and language): built once per theme object. */
export function stylesFor(theme: Theme, language: string): IStylesOptions {
  let base = cache.get(theme);
  if (!base) {
    base = {
      default: {
        title: {
          run: { size: halfPt(theme.size.title), bold: true, color: hex(theme.colour.heading), font: theme.font.family },
          // Set as the PDF's title style: its own space after, headings' line height.
          paragraph: { spacing: { before: 0, after: twip(theme.spacing.headingAfter * 2), ...exactLines(theme, theme.size.title, HEADING_LINE) }, keepNext: true, keepLines: true },
        },
        ...Object.fromEntries(
          DEPTHS.map((d) => {
            const look = headingLook(theme, d);
            return [`heading${d}`, { ...look, paragraph: { ...look.paragraph, outlineLevel: d - 1 } }];
          }),
        ),
        hyperlink: { run: { color: hex(theme.colour.link), underline: {} } },
        // The number hangs in the margin of the note's text, a tab after it, as in the PDF's notes.
        // A note is kept whole, as the PDF keeps its short notes: LibreOffice's notes pages do
        // not keep widows, and left a note's last line alone on a page.
        endnoteText: {
          run: { size: halfPt(theme.size.small) },
          paragraph: { spacing: { after: twip(3), ...exactLines(theme, theme.size.small) }, indent: { left: twip(NOTE_INDENT), hanging: twip(NOTE_INDENT) }, keepLines: true },
        },
      },
      paragraphStyles: paragraphStyles(theme),
      characterStyles: [
        // docx's own styles (hyperlink, note reference…) are based on it; Word has it built in, a
        // file must still define what it references.
        { id: 'DefaultParagraphFont', name: 'Default Paragraph Font', uiPriority: 1, semiHidden: true, unhideWhenUsed: true },
        {
          id: STYLE.code,
          name: 'Code',
          basedOn: 'DefaultParagraphFont',
          run: { color: hex(theme.colour.accent), shading: { type: 'clear', color: 'auto', fill: hex(theme.colour.calloutNoteBackground) } },
        },
      ],
    };
    cache.set(theme, base);
  }
  const document = {
    run: { font: theme.font.family, size: halfPt(theme.size.body), color: hex(theme.colour.text), language: { value: language } },
    // Two lines of a paragraph at least on each side of a page break, as the PDF writer lays them out.
    paragraph: { spacing: { after: 0, ...lineSpacing(theme) }, widowControl: true },
  };
  return { ...base, default: { ...base.default, document } };
}
