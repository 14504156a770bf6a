// The document model: the hub between readers and writers. Types only — writers import this
// and a theme, nothing from content/, template/ or markdown/. Adding a node type here fails to
// compile every writer until it handles the new type (handler tables use `satisfies`).

export const MODEL_VERSION = 1 as const;

/** Where a node came from, for messages: the generated Markdown's line, or a data file. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

interface Node {
  readonly source?: SourceLocation;
}

// ---------------------------------------------------------------- inline

export interface Text extends Node {
  readonly type: 'text';
  /** Printed exactly as given: no Markdown, no HTML, no template syntax is ever read from it. */
  readonly value: string;
}
export interface Strong extends Node {
  readonly type: 'strong';
  readonly children: readonly Inline[];
}
export interface Emphasis extends Node {
  readonly type: 'emphasis';
  readonly children: readonly Inline[];
}
export interface Code extends Node {
  readonly type: 'code';
  readonly value: string;
}
/** A link to an external address (http, https, mailto). */
export interface Link extends Node {
  readonly type: 'link';
  readonly url: string;
  readonly children: readonly Inline[];
}
/** A jump to a heading or anchor inside the same document (`Heading.id`). */
export interface CrossReference extends Node {
  readonly type: 'crossReference';
  readonly target: string;
  readonly children: readonly Inline[];
}
/** A reference to `Document.footnotes[id]`; writers number footnotes in order of first reference. */
export interface FootnoteReference extends Node {
  readonly type: 'footnoteReference';
  readonly id: string;
}
/** A forced line break inside a paragraph. */
export interface Break extends Node {
  readonly type: 'break';
}

export interface InlineMap {
  text: Text;
  strong: Strong;
  emphasis: Emphasis;
  code: Code;
  link: Link;
  crossReference: CrossReference;
  footnoteReference: FootnoteReference;
  break: Break;
}
export type Inline = InlineMap[keyof InlineMap];

// ---------------------------------------------------------------- block

export type HeadingDepth = 1 | 2 | 3 | 4;

export interface Heading extends Node {
  readonly type: 'heading';
  readonly depth: HeadingDepth;
  /** Unique within the document: target of cross-references and bookmarks. */
  readonly id: string;
  readonly children: readonly Inline[];
  /** Listed in the contents and the outline (false for e.g. headings inside a cover). */
  readonly toc: boolean;
}

/** `lead` = larger opening text; `small` = fine print; `meta` = label-like lines (cover details). */
export type ParagraphRole = 'body' | 'lead' | 'small' | 'meta';

export interface Paragraph extends Node {
  readonly type: 'paragraph';
  readonly role: ParagraphRole;
  readonly align?: 'left' | 'center' | 'right';
  readonly children: readonly Inline[];
}

export interface ListItem {
  readonly children: readonly Block[];
}
export interface List extends Node {
  readonly type: 'list';
  readonly ordered: boolean;
  /** First number of an ordered list. */
  readonly start: number;
  readonly items: readonly ListItem[];
}

export type ColumnAlign = 'left' | 'center' | 'right';
export interface TableColumn {
  readonly align: ColumnAlign;
  /** Relative weight of the column's width; writers turn weights into fractions of the text width. */
  readonly weight: number;
}
export type TableCell = readonly Inline[];
export interface Table extends Node {
  readonly type: 'table';
  readonly columns: readonly TableColumn[];
  /** Repeated at the top of every page the table runs onto. */
  readonly header: readonly TableCell[];
  readonly rows: readonly (readonly TableCell[])[];
}

export type CalloutVariant = 'key' | 'note' | 'warning';
/** A boxed block, e.g. the key message. Kept on one page when short; a longer one splits across pages. */
export interface Callout extends Node {
  readonly type: 'callout';
  readonly variant: CalloutVariant;
  readonly title?: readonly Inline[];
  readonly children: readonly Block[];
}

export interface Image extends Node {
  readonly type: 'image';
  /** Raw bytes; the reader resolved and read the file. */
  readonly data: Uint8Array;
  readonly format: 'png' | 'jpg' | 'svg';
  /** Intrinsic size in pixels (96 dpi), used for the aspect ratio. */
  readonly pixelWidth: number;
  readonly pixelHeight: number;
  /** Wanted width in points; writers cap it at the text width. */
  readonly width?: number;
  readonly alt: string;
  readonly align?: 'left' | 'center' | 'right';
  /** The name the content gave the file, kept for the Markdown writer. */
  readonly src?: string;
}

/** The contents list. Writers fill it with the document's `toc` headings and their page numbers. */
export interface TableOfContents extends Node {
  readonly type: 'tableOfContents';
  readonly title: string;
  /** Deepest heading level listed. */
  readonly maxDepth: HeadingDepth;
}

export interface PageBreak extends Node {
  readonly type: 'pageBreak';
}
export interface ThematicBreak extends Node {
  readonly type: 'thematicBreak';
}

/**
 * The title page. Its blocks are laid out on a page of their own, with the marking but without
 * the running header and footer; the body starts on the next page.
 */
export interface Cover extends Node {
  readonly type: 'cover';
  readonly children: readonly Block[];
}

export interface BlockMap {
  heading: Heading;
  paragraph: Paragraph;
  list: List;
  table: Table;
  callout: Callout;
  image: Image;
  tableOfContents: TableOfContents;
  pageBreak: PageBreak;
  thematicBreak: ThematicBreak;
  cover: Cover;
}
export type Block = BlockMap[keyof BlockMap];

// ---------------------------------------------------------------- document

/** Words the writers print of their own accord, in the document's language. */
export interface WriterLabels {
  /** The running footer's page number; `{page}` and `{pages}` stand for the numbers. */
  readonly pageOf: string;
  /** Heading over the notes when a writer prints footnotes as endnotes. */
  readonly notes: string;
  /** Printed on the blank left-hand page put before a part that must start on a right-hand page. */
  readonly blankPage: string;
}

/**
 * One document of a combined pack, bound with the others: where it starts, the title its pages'
 * running header names, and whether a blank left-hand page goes before it so that it starts on a
 * right-hand (odd) page. A writer lays each part out in the part's own type (its theme, given in
 * the write options by the part's heading id) and prints its notes before the next part.
 */
export interface DocumentPart {
  /** Id of the top-level heading that opens the part (its title). */
  readonly heading: string;
  /** Named in the running header of the part's pages. */
  readonly title: string;
  readonly blankBefore?: boolean;
  /** The part's language (BCP 47) when it is not the document's. */
  readonly language?: string;
}

export interface DocumentMetadata {
  readonly title: string;
  /** Used in the running header; defaults to the title. */
  readonly shortTitle?: string;
  readonly subject?: string;
  readonly author?: string;
  readonly keywords?: readonly string[];
  /** BCP 47, e.g. en-GB. */
  readonly language: string;
  /** Classification or distribution marking, printed in capitals at top and bottom of every page. */
  readonly marking?: string;
  readonly reference?: string;
  readonly version?: string;
  /** Creation time written into the file's properties. From the injected clock: reproducible. */
  readonly created: Date;
  /** Writer labels in the document's language; missing ones fall back to English. */
  readonly labels?: Partial<WriterLabels>;
  /** Set when the document is several documents bound together, in order (see DocumentPart). */
  readonly parts?: readonly DocumentPart[];
}

/** A note's body: paragraphs, and lists, quotes and tables as the note's Markdown has them. */
export interface Footnote {
  readonly id: string;
  readonly children: readonly Block[];
}

export interface Document {
  readonly modelVersion: typeof MODEL_VERSION;
  readonly metadata: DocumentMetadata;
  readonly blocks: readonly Block[];
  /**
   * Footnote bodies by id; referenced from `FootnoteReference` nodes. Ids are data (a label may be
   * `__proto__`): look them up with `Object.hasOwn`, and build the record without a prototype.
   */
  readonly footnotes: Readonly<Record<string, Footnote>>;
  /** Where a laid-out rendering of this document put its pages, when one was made. */
  readonly layout?: MeasuredLayout;
}

/**
 * Facts of a laid-out rendering (the PDF) for writers whose format leaves layout to its reader:
 * the DOCX writer fills its contents list and page count from them, so both formats name the
 * same pages, instead of estimating a layout of its own.
 */
export interface MeasuredLayout {
  readonly pages: number;
  /** Heading id → the page (counted from 1, as printed) it starts on. */
  readonly headings: Readonly<Record<string, number>>;
  /** The factor the rendering scaled its line height and vertical spaces by (a short last page pulled back); absent: 1. */
  readonly spacing?: number;
  /**
   * Blocks and list items the rendering started a new page before, by address ("4", item 2 of the
   * list at 4: "4/2"), so that a section's last page did not stand nearly empty (write/pagination.ts).
   */
  readonly breaks?: readonly string[];
}

/** A problem a writer or reader met but could carry on from (pandoc's BlockNotRendered). */
export interface Diagnostic {
  readonly code: string;
  readonly severity: 'warning' | 'error';
  readonly message: string;
  readonly source?: SourceLocation;
}
