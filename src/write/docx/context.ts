// The walk's read-only context (what a node is inside) kept apart from what it accumulates.
import type { Block, Diagnostic, Document, ListItem, SourceLocation } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';
import type { IParagraphOptions } from 'docx';
import { bookmarkNames } from './bookmarks.js';

export interface RunFormat {
  readonly bold?: boolean;
  readonly italics?: boolean;
  /** A character style for every run below, e.g. the hyperlink style inside a link. */
  readonly style?: string;
}

export interface WalkEnv {
  readonly theme: Theme;
  readonly doc: Document;
  /** List nesting: -1 outside a list. */
  readonly listLevel: number;
  /** Inside a table cell or callout box, where keep-with-next and page breaks mean little. */
  readonly inBox: boolean;
  /** Inside a footnote: paragraphs take the footnote text style. */
  readonly inNote: boolean;
  readonly run: RunFormat;
  /** Inside a link: a nested link cannot be written, its text is. */
  readonly inLink: boolean;
  /** Inside a callout: paragraphs carry its rule, shading and padding (tables.ts). */
  readonly callout?: CalloutBox;
}

/** What each paragraph of a callout carries so that Word and LibreOffice draw one box that can split across pages. */
export interface CalloutBox {
  readonly border: NonNullable<IParagraphOptions['border']>;
  readonly shading: NonNullable<IParagraphOptions['shading']>;
  /** Left and right indents of the box's text, in twips. */
  readonly left: number;
  readonly right: number;
}

export interface WalkState {
  readonly diagnostics: Diagnostic[];
  /** Footnote ids in order of first reference; the number is the index + 1. */
  readonly footnoteOrder: string[];
  readonly footnoteNumbers: Map<string, number>;
  readonly headingIds: ReadonlySet<string>;
  /** Heading id → its bookmark's name (bookmarks.ts). */
  readonly bookmarks: ReadonlyMap<string, string>;
  /** Each list gets its own numbering instance so ordered lists restart. */
  nextListInstance: number;
  /** A page break waiting to be written as page-break-before on the next paragraph. */
  pageBreakPending: boolean;
  /** The last block written was a table: the next paragraph takes the space a table cannot. */
  afterTable: boolean;
  /** The last block written was a callout: the next paragraph is set as far below it as the PDF sets it (tables.ts). */
  afterCallout: boolean;
  /** The last block written was a heading: a short paragraph after it is kept with what follows. */
  afterHeading: boolean;
  /** Numbering references used, so only those are declared. */
  readonly orderedStarts: Set<number>;
  /** Blocks and list items the PDF started a page before, to fill a section's last page: so does the DOCX. */
  readonly breaks: ReadonlySet<Block | ListItem>;
}

export function newState(headingIds: ReadonlySet<string>, breaks: ReadonlySet<Block | ListItem> = new Set()): WalkState {
  return {
    diagnostics: [],
    footnoteOrder: [],
    footnoteNumbers: new Map(),
    headingIds,
    bookmarks: bookmarkNames(headingIds),
    nextListInstance: 1,
    pageBreakPending: false,
    afterTable: false,
    afterCallout: false,
    afterHeading: false,
    orderedStarts: new Set(),
    breaks,
  };
}

export function warn(state: WalkState, code: string, message: string, source?: SourceLocation): void {
  state.diagnostics.push(source ? { code, severity: 'warning', message, source } : { code, severity: 'warning', message });
}
