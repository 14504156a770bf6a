// One theme, read by every writer, so the PDF and the DOCX look alike and lay out alike.
// All lengths are in points (1/72 in); colours are #RRGGBB.
import { z } from 'zod';

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');
const length = z.number().nonnegative().max(1000);
// Type sizes: zero would divide layout by nothing; past 400 pt a single letter fills the page.
const typeSize = z.number().positive().max(400);
/** The smallest text area a theme may leave between its margins, in points (one inch). */
const MIN_TEXT_AREA = 72;

export const PDF_STANDARDS = ['a-2b', 'a-2a'] as const;
export type PdfStandard = (typeof PDF_STANDARDS)[number];

export const themeSchema = z
  .object({
    name: z.string(),
    page: z.object({
      size: z.enum(['A4', 'LETTER']),
      margins: z.object({ top: length, right: length, bottom: length, left: length }),
    }),
    font: z.object({
      /** Family name written into the DOCX and used by pdfmake. */
      family: z.string(),
      /** TrueType files, relative to the theme file; omitted = the Roboto that ships with pdfmake. */
      files: z
        .object({ normal: z.string(), bold: z.string(), italics: z.string(), bolditalics: z.string() })
        .optional(),
    }),
    size: z.object({
      body: typeSize,
      small: typeSize,
      lead: typeSize,
      h1: typeSize,
      h2: typeSize,
      h3: typeSize,
      h4: typeSize,
      title: typeSize,
      running: typeSize,
      marking: typeSize,
    }),
    /** Line height as a multiple of the font's natural line height (1 = single spacing). */
    lineHeight: z.number().positive().max(10),
    spacing: z.object({
      paragraphAfter: length,
      headingBefore: length,
      headingAfter: length,
      listIndent: length,
      listItemAfter: length,
      tableCellPadding: length,
      calloutPadding: length,
    }),
    colour: z.object({
      text: colour,
      heading: colour,
      muted: colour,
      accent: colour,
      link: colour,
      marking: colour,
      calloutKeyBackground: colour,
      calloutNoteBackground: colour,
      calloutWarningBackground: colour,
      calloutBorder: colour,
      tableHeaderBackground: colour,
      tableHeaderText: colour,
      tableBorder: colour,
      tableStripe: colour,
    }),
    /**
     * Where the cover's blocks start, as fractions of the text area's height from its top: the
     * title block, and the details block (dates, for whom, by whom, reference and version).
     */
    cover: z
      .object({ top: z.number().min(0).max(0.6), details: z.number().min(0).max(0.9) })
      .strict()
      .default({ top: 0.2, details: 0.66 }),
    /** A contents list is printed only when the body is expected to run past this many pages. */
    contentsMinPages: z.number().int().nonnegative(),
    /** Words per minute a speech is read at: the speaking notes' estimated speaking time. */
    speechRate: z.number().positive().default(130),
    /** Archival PDF: PDF/A-2b, or PDF/A-2a (accessible; the PDF is tagged). None: plain tagged PDF. */
    pdfStandard: z.enum(PDF_STANDARDS).optional(),
  })
  .strict()
  .superRefine((theme, context) => {
    // Margins that meet or cross leave no room for text; the writers would loop or fail.
    const page = PAGE_SIZES[theme.page.size];
    const { top, right, bottom, left } = theme.page.margins;
    if (left + right > page.width - MIN_TEXT_AREA) {
      context.addIssue({ code: 'custom', path: ['page', 'margins'], message: `left and right margins (${left} + ${right} pt) leave less than ${MIN_TEXT_AREA} pt of the ${page.width} pt wide ${theme.page.size} page for text` });
    }
    if (top + bottom > page.height - MIN_TEXT_AREA) {
      context.addIssue({ code: 'custom', path: ['page', 'margins'], message: `top and bottom margins (${top} + ${bottom} pt) leave less than ${MIN_TEXT_AREA} pt of the ${page.height} pt high ${theme.page.size} page for text` });
    }
  });

export type ThemeInput = z.infer<typeof themeSchema>;

export interface FontFaces {
  readonly normal: Uint8Array;
  readonly bold: Uint8Array;
  readonly italics: Uint8Array;
  readonly bolditalics: Uint8Array;
}

/** A theme with its font files read: what writers receive. */
export interface Theme extends ThemeInput {
  readonly fontFaces: FontFaces;
  /** Page size in points. */
  readonly pageSize: { readonly width: number; readonly height: number };
}

export const PAGE_SIZES = {
  A4: { width: 595.28, height: 841.89 },
  LETTER: { width: 612, height: 792 },
} as const;
