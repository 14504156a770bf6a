// What the walk reads (Context) is kept apart from what it collects (State), as pandoc's
// WriterEnv/WriterState: handlers get both and never touch the input document.
import type { Block, Diagnostic, Document, Heading, ListItem, TableOfContents } from '../../document/model.js';
import type { Theme } from '../../theme/schema.js';

export interface Context {
  readonly doc: Document;
  readonly theme: Theme;
  /** Width available to the current block in points (text width minus list/callout indents). */
  readonly width: number;
  readonly listDepth: number;
  readonly inCover: boolean;
  /** Inside a footnote: paragraphs take the note style. */
  readonly inNote?: boolean;
  /** Ids of all pdfmake tables of contents, one per tableOfContents block, with their depths. */
  readonly tocs: readonly { readonly id: string; readonly maxDepth: number; readonly node: TableOfContents }[];
  /** Heading ids that are real destinations, for cross-reference checks. */
  readonly anchors: ReadonlySet<string>;
  /** The blocks and list items a page may be started before, by their addresses (write/pagination.ts). */
  readonly addresses: ReadonlyMap<Block | ListItem, string>;
  /** The addresses a page is started before, to fill a section's last page (pagination.ts balancedBreaks). */
  readonly breaks: ReadonlySet<string>;
}

export interface State {
  /** Footnote id → number, in order of first reference. */
  readonly footnoteNumbers: Map<string, number>;
  readonly footnoteOrder: string[];
  readonly codePoints: Set<number>;
  readonly diagnostics: Diagnostic[];
  readonly images: Record<string, string>;
  readonly imageKeys: Map<Uint8Array, string>;
  /** Id of the last outline entry at each depth, for nesting bookmarks. */
  readonly outlineParents: (string | undefined)[];
  /** Heading ids already given to pdfmake (it throws on duplicates). */
  readonly usedIds: Set<string>;
}

export function newState(): State {
  return {
    footnoteNumbers: new Map(),
    footnoteOrder: [],
    codePoints: new Set(),
    diagnostics: [],
    images: {},
    imageKeys: new Map(),
    outlineParents: [],
    usedIds: new Set(),
  };
}

export function textWidth(theme: Theme): number {
  return theme.pageSize.width - theme.page.margins.left - theme.page.margins.right;
}

export function textHeight(theme: Theme): number {
  return theme.pageSize.height - theme.page.margins.top - theme.page.margins.bottom;
}

/** Every heading, cover ones included, in document order (for anchors and tocs). */
export function collectHeadings(doc: Document): Heading[] {
  const found: Heading[] = [];
  const visit = (blocks: Document['blocks']): void => {
    for (const block of blocks) {
      if (block.type === 'heading') found.push(block);
      else if (block.type === 'cover' || block.type === 'callout') visit(block.children);
      else if (block.type === 'list') for (const item of block.items) visit(item.children);
    }
  };
  visit(doc.blocks);
  return found;
}
