// Tagged PDF: the structure tree (Document → H1…H4, P, L/LI/Lbl/LBody, Table/TR/TH/TD, Figure,
// TOC/TOCI, Note, Link, Reference) and marked content that ties every drawn item to it or marks
// it as an artifact. pdfmake draws without tags, so the work is split in three:
//  1. the PDF writer's builders put a role on the pdfmake nodes they make (`tag`), and
//     `structure` links those roles into a tree in the model's order before layout;
//  2. while pdfmake lays out, each line, vector and image it puts on a page takes the role of the
//     node being laid out (list markers become Lbl, repeated table headers become artifacts);
//  3. while pdfmake renders, each item is drawn inside marked content owned by its element, or
//     inside an Artifact; links get their own Link element holding the annotation (OBJR).
// Layout reads no role, so tagging cannot move anything on a page.
import { checkPdfkit, pdfmakeInternals, type Prototype } from './vendor.js';

type ContainerRole = 'Document' | 'L' | 'LI' | 'LBody' | 'Table' | 'TR' | 'TOC' | 'Note' | 'Div';
type LeafRole = 'H1' | 'H2' | 'H3' | 'H4' | 'P' | 'Lbl' | 'TH' | 'TD' | 'Figure' | 'TOCI';
export type Role = ContainerRole | LeafRole | 'Reference' | 'Artifact';

const CONTAINERS: ReadonlySet<Role> = new Set<ContainerRole>(['Document', 'L', 'LI', 'LBody', 'Table', 'TR', 'TOC', 'Note', 'Div']);

export interface Tag {
  readonly role: Role;
  readonly alt?: string;
  /** The element's language, when it is not the document's. */
  readonly lang?: string;
  readonly scope?: 'Column' | 'Row';
  /** For artifacts: what kind (PDF 32000-1, 14.8.2.2). */
  readonly type?: 'Pagination' | 'Layout';
  parent?: Tag;
  readonly children: Tag[];
  /** An LI's label, filled by the list marker pdfmake draws. */
  lbl?: Tag;
  /** TOCI by destination, made while pdfmake lays out the contents list it builds itself. */
  entries?: Map<string, Tag>;
}

/** The property of a pdfmake node (or text fragment, line, vector, image) that holds its role. */
const TAG_KEY = '_tag';

type Node = { [key: string]: unknown };

function newTag(role: Role, options: { alt?: string; lang?: string; scope?: 'Column' | 'Row'; type?: 'Pagination' | 'Layout' } = {}): Tag {
  return { role, ...options, children: [] };
}

/** Gives a pdfmake node (or a text fragment, for Reference) its structure role. */
export function tag<T extends Node>(node: T, role: Role, options: { alt?: string; lang?: string } = {}): T {
  (node as Node)[TAG_KEY] = newTag(role, options);
  return node;
}

const PAGINATION = newTag('Artifact', { type: 'Pagination' });

/** Marks running header, footer, marking and page numbers as pagination artifacts. */
export function artifact<T extends Node>(node: T): T {
  (node as Node)[TAG_KEY] = PAGINATION;
  return node;
}

const LAYOUT = newTag('Artifact', { type: 'Layout' });

/** Marks what only guides the eye (a contents row's dot leaders) as a layout artifact: not read out. */
export function layoutArtifact<T extends Node>(node: T): T {
  (node as Node)[TAG_KEY] = LAYOUT;
  return node;
}

function adopt(parent: Tag, child: Tag): Tag {
  child.parent = parent;
  parent.children.push(child);
  return child;
}

const isContainer = (t: Tag) => CONTAINERS.has(t.role);

/**
 * Links the roles the builders set into one tree in the order of the definition, which is the
 * model's order, and gives untagged text a P. Returns the Document element.
 */
export function structure(content: readonly unknown[]): Tag {
  const root = newTag('Document');
  const walk = (value: unknown, parent: Tag): void => {
    if (Array.isArray(value)) return value.forEach((v) => walk(v, parent));
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    let own = node[TAG_KEY] as Tag | undefined;
    if (node.toc && typeof node.toc === 'object') {
      // The contents list's title reads before the list, as a paragraph of its own.
      const title = (node.toc as Node).title;
      if (title && typeof title === 'object') (title as Node)[TAG_KEY] = adopt(parent, newTag('P'));
    }
    if (own && own.parent === undefined && own !== PAGINATION && own !== LAYOUT) adopt(parent, own);
    else if (!own && node.text !== undefined && isContainer(parent)) {
      own = adopt(parent, newTag('P'));
      node[TAG_KEY] = own;
    }
    const here = own ?? parent;
    if (here.role === 'LI' && !here.lbl) {
      here.lbl = adopt(here, newTag('Lbl'));
      const body = adopt(here, newTag('LBody'));
      return walkChildren(node, body);
    }
    walkChildren(node, here);
  };
  const walkChildren = (node: Node, parent: Tag): void => {
    for (const key of ['stack', 'columns', 'ul', 'ol'] as const) if (Array.isArray(node[key])) walk(node[key], parent);
    const table = node.table as { body?: unknown[][]; headerRows?: number } | undefined;
    if (table && Array.isArray(table.body)) {
      const headerRows = table.headerRows ?? 0;
      table.body.forEach((row, r) => {
        if (parent.role !== 'Table') return walk(row, parent);
        // A data table: rows and cells from pdfmake's body, header rows as column headers.
        const tr = adopt(parent, newTag('TR'));
        for (const cell of row) {
          if (!cell || typeof cell !== 'object') continue;
          const th = r < headerRows;
          (cell as Node)[TAG_KEY] = adopt(tr, newTag(th ? 'TH' : 'TD', th ? { scope: 'Column' } : {}));
          walkChildren(cell as Node, (cell as Node)[TAG_KEY] as Tag);
        }
      });
    }
  };
  walk(content, root);
  return root;
}

// ------------------------------------------------------------------ layout: items take roles

/** Roles of the nodes pdfmake is laying out, innermost last; layout runs synchronously. */
const layoutStack: Tag[] = [];
/** List markers waiting to be drawn, with the Lbl each belongs to. */
const markers: { marker: Node; lbl: Tag }[] = [];
let repeating = 0;

function markerLbl(match: (marker: Node) => boolean): Tag | undefined {
  for (let i = markers.length - 1; i >= 0; i--) if (match(markers[i]!.marker)) return markers[i]!.lbl;
  return undefined;
}

/** The role of a node pdfmake made itself (the contents list's rows), from the container it is in. */
function roleInContainer(node: Node, container: Tag): Tag | undefined {
  if (node.text === undefined) return undefined;
  if (container.role === 'TOC') {
    const destination = typeof node.linkToDestination === 'string' ? node.linkToDestination : '';
    container.entries ??= new Map();
    let entry = container.entries.get(destination);
    if (!entry) container.entries.set(destination, (entry = adopt(container, newTag('TOCI'))));
    return entry;
  }
  return adopt(container, newTag('P'));
}

/** Replaces a pdfmake method with one that calls the original (`this` is pdfmake's object). */
function wrap<This>(proto: Prototype, name: string, make: (original: (...args: unknown[]) => unknown) => (this: This, ...args: unknown[]) => unknown): void {
  const original = proto[name]!;
  proto[name] = make(original) as unknown as Prototype[string];
}

function installLayout(): void {
  const { LayoutBuilder, ElementWriter, PageElementWriter } = pdfmakeInternals();
  wrap(LayoutBuilder, 'processNode', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const node = args[0] as Node | undefined;
      let own = node?.[TAG_KEY] as Tag | undefined;
      const top = layoutStack.at(-1);
      if (!own && node && top && isContainer(top)) {
        own = roleInContainer(node, top);
        if (own) node[TAG_KEY] = own;
      }
      if (!own) return original.apply(this, args);
      layoutStack.push(own);
      const marker = own.lbl && (node!.listMarker as Node | undefined);
      if (marker) markers.push({ marker, lbl: own.lbl! });
      try {
        return original.apply(this, args);
      } finally {
        layoutStack.pop();
        if (marker) markers.pop();
      }
    },
  );
  wrap(ElementWriter, 'addLine', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const line = args[0] as Node & { inlines?: unknown[] };
      if (line[TAG_KEY] === undefined) {
        const first = line.inlines?.[0];
        line[TAG_KEY] = markerLbl((m) => Array.isArray(m._inlines) && m._inlines[0] === first) ?? layoutStack.at(-1);
      }
      return original.apply(this, args);
    },
  );
  wrap(ElementWriter, 'addVector', (original) =>
    function (this: unknown, ...args: unknown[]) {
      const vector = args[0] as Node;
      if (vector[TAG_KEY] === undefined) {
        const top = layoutStack.at(-1);
        const role = markerLbl((m) => Array.isArray(m.canvas) && m.canvas[0] === vector) ?? (top?.role === 'Artifact' ? top : undefined);
        if (role) vector[TAG_KEY] = role;
      }
      return original.apply(this, args);
    },
  );
  for (const name of ['addImage', 'addSVG']) {
    wrap(ElementWriter, name, (original) =>
      function (this: unknown, ...args: unknown[]) {
        const image = args[0] as Node;
        if (image[TAG_KEY] === undefined && layoutStack.length > 0) image[TAG_KEY] = layoutStack.at(-1);
        return original.apply(this, args);
      },
    );
  }
  // Table header rows repeated on a new page are copies: artifacts, or a reader hears them twice.
  wrap(PageElementWriter, 'moveToNextPage', (original) =>
    function (this: unknown, ...args: unknown[]) {
      repeating++;
      try {
        return original.apply(this, args);
      } finally {
        repeating--;
      }
    },
  );
  wrap(ElementWriter, 'addFragment', (original) =>
    function (this: { context(): { getCurrentPage(): { items: { item?: Node }[] } | undefined } }, ...args: unknown[]) {
      if (repeating === 0) return original.apply(this, args);
      const page = this.context().getCurrentPage();
      const before = new Set(page?.items.map((i) => i.item));
      const result = original.apply(this, args);
      for (const entry of this.context().getCurrentPage()?.items ?? []) {
        if (entry.item && !before.has(entry.item)) entry.item[TAG_KEY] = PAGINATION;
      }
      return result;
    },
  );
}

// ------------------------------------------------------------------ rendering: marked content

/** The pdfkit calls used here (pdfkit 0.19's structure API; vendor.ts checks they exist). */
interface StructElement {
  add(child: unknown): StructElement;
  end(): void;
  readonly dictionary: { readonly data: Record<string, unknown> };
}
interface PdfKitDoc {
  options?: { tagged?: boolean };
  struct(type: string, options?: object): StructElement;
  getStructTreeRoot(): { data: Record<string, unknown> };
  addStructure(element: StructElement): PdfKitDoc;
  markContent(tag: string, options?: object | null): PdfKitDoc;
  markStructureContent(tag: string, options?: object): unknown;
  endMarkedContent(): PdfKitDoc;
  text(...args: unknown[]): PdfKitDoc;
  annotate(x: number, y: number, w: number, h: number, options: Node): PdfKitDoc;
  _currentStructureElement?: StructElement;
}

/** One rendering of one document: the pdfkit elements of its tags. */
class Session {
  private readonly elements = new Map<Tag, StructElement>();
  private fallback: StructElement | undefined;
  private root: Tag | undefined;
  /** Text drawn without a role (a bug in a builder); counted for tests. */
  untagged = 0;

  constructor(private readonly doc: PdfKitDoc) {}

  /** Makes every element in the model's order once the first tagged item names the tree. */
  private build(tagOfItem: Tag): void {
    let root = tagOfItem;
    while (root.parent) root = root.parent;
    if (root.role !== 'Document') return;
    this.root = root;
    const make = (t: Tag): StructElement => {
      const options: Record<string, unknown> = {};
      if (t.alt !== undefined) options.alt = t.alt;
      if (t.lang !== undefined) options.lang = t.lang;
      if (t.scope !== undefined) options.scope = t.scope;
      const element = this.doc.struct(t.role, options);
      this.elements.set(t, element);
      return element;
    };
    const rootElement = make(root);
    this.doc.addStructure(rootElement);
    // PDF/UA asks every Note for an ID, found through the structure tree root's ID tree.
    const ids: [string, unknown][] = [];
    const identify = (t: Tag, element: StructElement) => {
      if (t.role !== 'Note') return;
      const id = `note-${ids.length + 1}`;
      element.dictionary.data.ID = new String(id);
      ids.push([id, element.dictionary]);
    };
    const addChildren = (t: Tag, element: StructElement): void => {
      for (const child of t.children) {
        const childElement = make(child);
        element.add(childElement);
        identify(child, childElement);
        addChildren(child, childElement);
      }
    };
    addChildren(root, rootElement);
    if (ids.length > 0) {
      // A name tree's keys go in byte order (note-10 before note-2).
      ids.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      this.doc.getStructTreeRoot().data.IDTree = { Names: ids.flatMap(([id, ref]) => [new String(id), ref]) };
    }
  }

  element(t: Tag | undefined): StructElement | undefined {
    if (t && t.role !== 'Artifact') {
      if (!this.root) this.build(t);
      const found = this.elements.get(t);
      if (found) return found;
    }
    return undefined;
  }

  /** Text with no role still reaches a reader: as a paragraph at the end of the tree. */
  orphan(): StructElement {
    this.untagged++;
    if (!this.fallback) {
      this.fallback = this.doc.struct('P');
      const root = this.root ? this.elements.get(this.root) : undefined;
      if (root) root.add(this.fallback);
      else this.doc.addStructure(this.fallback);
    }
    return this.fallback;
  }

  /** Draws `draw` as content of `element` (marked with its role) or as an artifact. */
  mark(element: StructElement | undefined, role: string, artifactType: string, draw: () => unknown): unknown {
    if (element) element.add(this.doc.markStructureContent(role));
    else this.doc.markContent('Artifact', { type: artifactType });
    try {
      return draw();
    } finally {
      this.doc.endMarkedContent();
    }
  }
}

const sessions = new WeakMap<object, Session>();

/** Results of the last rendering, for tests: text drawn without a role. */
export const lastRendering = { untagged: 0 };

interface Inline extends Node {
  text: string;
  link?: string;
  linkToDestination?: string;
}

function linkKey(inline: Inline | undefined): string | undefined {
  if (!inline) return undefined;
  if (typeof inline.link === 'string') return `uri:${inline.link}`;
  if (typeof inline.linkToDestination === 'string') return `dest:${inline.linkToDestination}`;
  return undefined;
}

function installRendering(): void {
  const { Renderer } = pdfmakeInternals();
  type RendererThis = { pdfDocument: PdfKitDoc };

  wrap(Renderer, 'renderPages', (original) =>
    function (this: RendererThis, ...args: unknown[]) {
      const doc = this.pdfDocument;
      if (doc.options?.tagged !== true) return original.apply(this, args);
      checkPdfkit(doc);
      const session = new Session(doc);
      sessions.set(doc, session);
      try {
        return original.apply(this, args);
      } finally {
        sessions.delete(doc);
        lastRendering.untagged = session.untagged;
      }
    },
  );

  wrap(Renderer, 'renderLine', (original) =>
    function (this: RendererThis, ...args: unknown[]) {
      const doc = this.pdfDocument;
      const session = sessions.get(doc);
      const line = args[0] as Node & { inlines: Inline[] };
      const role = line[TAG_KEY] as Tag | undefined;
      if (!session) return original.apply(this, args);
      if (role?.role === 'Artifact') return session.mark(undefined, 'Artifact', role.type ?? 'Layout', () => original.apply(this, args));
      const element = session.element(role);
      const [owner, ownerRole] = element && role ? [element, role.role] : [session.orphan(), 'P'];
      return renderTaggedLine(doc, owner, ownerRole, line.inlines, () => original.apply(this, args));
    },
  );

  wrap(Renderer, 'renderVector', (original) =>
    function (this: RendererThis, ...args: unknown[]) {
      const session = sessions.get(this.pdfDocument);
      if (!session) return original.apply(this, args);
      const role = (args[0] as Node)[TAG_KEY] as Tag | undefined;
      // Rules, borders and shading are layout artifacts; a list's bullet is its label.
      return session.mark(session.element(role), role?.role ?? 'Artifact', role?.type ?? 'Layout', () => original.apply(this, args));
    },
  );

  for (const name of ['renderImage', 'renderSVG']) {
    wrap(Renderer, name, (original) =>
      function (this: RendererThis, ...args: unknown[]) {
        const session = sessions.get(this.pdfDocument);
        if (!session) return original.apply(this, args);
        const role = (args[0] as Node)[TAG_KEY] as Tag | undefined;
        return session.mark(session.element(role), role?.role ?? 'Artifact', role?.type ?? 'Layout', () => original.apply(this, args));
      },
    );
  }
}

/**
 * One line: its text is content of its element, except runs of linked words, which are content
 * of a Link element that also holds the link's annotation (inside a Reference for a note marker).
 */
function renderTaggedLine(doc: PdfKitDoc, owner: StructElement, ownerRole: string, inlines: Inline[], draw: () => unknown): unknown {
  let index = 0;
  let openKey: string | undefined;
  let link: { element: StructElement; wrapper?: StructElement; text: string } | undefined;
  const closeLink = () => {
    if (!link) return;
    // Ending a Link writes it now, while its annotation's page is the current one.
    link.element.end();
    link.wrapper?.end();
    link = undefined;
    doc._currentStructureElement = undefined;
  };
  // Opens the marked content for the run of inlines starting at `at`: the line's element, or a
  // Link (in a Reference for a note marker) made for a run of linked words.
  const open = (at: number) => {
    const inline = inlines[at];
    const key = linkKey(inline);
    if (key !== undefined) {
      let runText = '';
      for (let i = at; i < inlines.length && linkKey(inlines[i]) === key; i++) runText += inlines[i]!.text;
      const isReference = (inline![TAG_KEY] as Tag | undefined)?.role === 'Reference';
      const wrapper = isReference ? doc.struct('Reference') : undefined;
      const element = doc.struct('Link');
      if (wrapper) {
        owner.add(wrapper);
        wrapper.add(element);
      } else owner.add(element);
      link = { element, text: runText.trim(), ...(wrapper ? { wrapper } : {}) };
      doc._currentStructureElement = element;
      element.add(doc.markStructureContent('Link'));
    } else {
      owner.add(doc.markStructureContent(ownerRole));
    }
    openKey = key;
  };
  open(0);
  const text = doc.text;
  const annotate = doc.annotate;
  doc.text = function (this: PdfKitDoc, ...args: unknown[]) {
    if (linkKey(inlines[index]) !== openKey) {
      doc.endMarkedContent();
      closeLink();
      open(index);
    }
    index++;
    return text.apply(this, args);
  } as PdfKitDoc['text'];
  doc.annotate = function (this: PdfKitDoc, x: number, y: number, w: number, h: number, options: Node) {
    if (link && options.Subtype === 'Link') {
      options.structParent ??= link.element;
      // The annotation's description, which a reader speaks for the link (PDF/UA 7.18.5).
      options.Contents = new String(link.text);
    }
    return annotate.call(this, x, y, w, h, options);
  };
  try {
    return draw();
  } finally {
    doc.endMarkedContent();
    closeLink();
    delete (doc as Partial<PdfKitDoc>).text;
    delete (doc as Partial<PdfKitDoc>).annotate;
  }
}

let installed = false;

/** Patches pdfmake once; untagged documents render exactly as before. */
export function installTagging(): void {
  if (installed) return;
  installLayout();
  installRendering();
  installed = true;
}
