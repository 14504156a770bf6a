// The whole pack as one document for print: a pack cover and contents list, then each document in
// order, each starting on a new page under its own title. Done on the document model, so one
// writer lays out the whole pack with one page numbering, one outline and one contents list.
import type { Block, Document, DocumentMetadata, DocumentPart, Footnote, Heading, HeadingDepth, Inline } from '../../document/model.js';

export interface CombinePart {
  /** Unique per part: prefixes the part's heading and footnote ids. */
  readonly key: string;
  readonly document: Document;
}

/**
 * `front` holds the pack cover and the contents list. Each part's own cover or title block becomes
 * its section start: its title as a level-1 heading (listed in the contents), its lead lines kept;
 * the part's own contents list and cover details are left to the pack cover. The part's headings
 * move one level down, so the contents list at level 1 lists the documents and the outline nests
 * each document's sections under its title.
 */
export function combineDocuments(front: Document, parts: readonly CombinePart[], metadata: DocumentMetadata): Document {
  const blocks: Block[] = [...front.blocks];
  const footnotes: Record<string, Footnote> = Object.assign(Object.create(null) as Record<string, Footnote>, front.footnotes);
  const bound: DocumentPart[] = [];
  // One numbering of sources across the pack: a note that says what an earlier part's note says
  // (the same source) is that note, so it keeps its number in every document that cites it.
  const said = new Map<string, string>();
  for (const part of parts) {
    const shared = new Map<string, string>();
    for (const note of Object.values(part.document.footnotes)) {
      const words = JSON.stringify(note.children, (key, value: unknown) => (key === 'source' ? undefined : value));
      const earlier = said.get(words);
      if (earlier !== undefined) shared.set(note.id, earlier);
      else said.set(words, `${part.key}--${note.id}`);
    }
    const ids = renamer(part.key, shared);
    const opened = section(part.document, ids);
    // Each part's pages name it in the running header, as its own file's pages do.
    const language = part.document.metadata.language;
    bound.push({
      heading: opened[0].id,
      title: part.document.metadata.shortTitle ?? part.document.metadata.title,
      ...(language !== metadata.language ? { language } : {}),
    });
    blocks.push({ type: 'pageBreak' }, ...opened);
    for (const note of Object.values(part.document.footnotes)) {
      const id = ids.note(note.id);
      if (!shared.has(note.id)) footnotes[id] = { id, children: note.children.map((b) => body(b, ids)) };
    }
  }
  return { modelVersion: front.modelVersion, metadata: { ...metadata, parts: bound }, blocks, footnotes };
}

type Renamer = ReturnType<typeof renamer>;

/** Ids re-keyed by part; `shared` maps a part's note ids to the same note of an earlier part. */
function renamer(key: string, shared: ReadonlyMap<string, string> = new Map()) {
  const prefix = `${key}--`;
  const note = (id: string) => shared.get(id) ?? prefix + id;
  const inlines = (list: readonly Inline[]): Inline[] =>
    list.map((node): Inline => {
      switch (node.type) {
        case 'footnoteReference':
          return { ...node, id: note(node.id) };
        case 'crossReference':
          return { ...node, target: prefix + node.target, children: inlines(node.children) };
        case 'strong':
        case 'emphasis':
        case 'link':
          return { ...node, children: inlines(node.children) };
        default:
          return node;
      }
    });
  return { note, heading: (id: string) => prefix + id, inlines };
}

/** The part's blocks, its title heading first (the part starts at it). */
function section(doc: Document, ids: Renamer): [Heading, ...Block[]] {
  const out: Block[] = [];
  let titled: Heading | undefined;
  const title = (heading: Heading): void => {
    titled = { ...heading, depth: 1, id: ids.heading(heading.id), toc: true, children: ids.inlines(heading.children) };
  };
  for (const block of doc.blocks) {
    if (block.type === 'cover') {
      for (const child of block.children) {
        if (child.type === 'heading' && !titled) title(child);
        else if (child.type === 'paragraph' && child.role === 'lead') out.push(body(child, ids));
      }
    } else if (block.type === 'heading' && !block.toc && !titled) {
      title(block);
    } else if (block.type !== 'tableOfContents') {
      out.push(body(block, ids));
    }
  }
  // A custom template may print no title: the section still needs one for the contents list.
  return [titled ?? { type: 'heading', depth: 1, id: ids.heading('title'), toc: true, children: [{ type: 'text', value: doc.metadata.title }] }, ...out];
}

/** A block of a part with its ids re-keyed and its headings one level down. */
function body(block: Block, ids: Renamer): Block {
  switch (block.type) {
    case 'heading':
      return { ...block, depth: Math.min(4, block.depth + 1) as HeadingDepth, id: ids.heading(block.id), children: ids.inlines(block.children) };
    case 'paragraph':
      return { ...block, children: ids.inlines(block.children) };
    case 'list':
      return { ...block, items: block.items.map((item) => ({ children: item.children.map((b) => body(b, ids)) })) };
    case 'table':
      return { ...block, header: block.header.map(ids.inlines), rows: block.rows.map((row) => row.map(ids.inlines)) };
    case 'callout':
      return { ...block, ...(block.title ? { title: ids.inlines(block.title) } : {}), children: block.children.map((b) => body(b, ids)) };
    case 'cover':
      return { ...block, children: block.children.map((b) => body(b, ids)) };
    default:
      return block;
  }
}
