// One document through the pipeline: select → template → Markdown → document model → writers.
import { sanitizeOptions } from '../content/sanitize.js';
import type { Content, Length } from '../content/schema.js';
import { limitNesting } from '../document/depth.js';
import type { Diagnostic, Document } from '../document/model.js';
import type { Env } from '../env.js';
import { toDocument } from '../markdown/index.js';
import { select, type SelectOptions, type View } from '../select/index.js';
import type { TemplateSet } from '../template/index.js';
import type { Theme } from '../theme/index.js';
import { loadWriter, type Format, type WriteOptions, type Written } from '../write/index.js';
import { readImage } from './images.js';
import { fill, labelsFor, type TitleLabels } from './labels.js';
import type { WriterThread } from './writer-thread.js';

export interface DocumentRequest extends SelectOptions {
  readonly length: Length;
}

export interface Built {
  readonly view: View;
  readonly markdown: string;
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
}

export interface Services {
  readonly templates: TemplateSet;
  readonly theme: Theme;
  readonly env: Env;
  /** Writes DOCX files on a second thread while this one lays out PDFs (see writer-thread.ts). */
  readonly writer?: WriterThread;
}

export function buildDocument(content: Content, given: DocumentRequest, services: Services): Built {
  const { options: request, warnings } = sanitizeOptions(given, { marking: '--marking', recipient: 'Recipient name (--for)' });
  const view = select(content, request);
  const templateFile = `${request.document.template}.md.hbs`;
  const markdown = services.templates.render(request.document.template, view);
  const labels = labelsFor(services.templates.folder, view.pack.locale);
  const parsed = toDocument(markdown, {
    sourceName: templateFile,
    metadata: { ...metadataOf(view, content, services.env, labels.titles), labels: labels.writer },
    resolveImage: (src) => readImage(content.folder, src, 'pack.logo'),
  });
  const { document, diagnostics } = limitNesting(parsed.document);
  return { view, markdown, document, diagnostics: [...(content.warnings ?? []), ...warnings, ...parsed.diagnostics, ...diagnostics] };
}

function metadataOf(view: View, content: Content, env: Env, labels: TitleLabels): Document['metadata'] {
  const { document: doc, pack } = view;
  const own = doc.title !== pack.title;
  // "Speaking notes" alone says little in a mail client's attachment list: name the pack too.
  let title = own ? fill(labels.titleInPack, { title: doc.title, pack: pack.shortTitle }) : doc.title;
  if (doc.focus.length) title = fill(labels.titleFocus, { title, focus: doc.focus.join(', ') });
  if (doc.recipient) title = fill(labels.titleFor, { title, recipient: doc.recipient });
  return {
    title,
    shortTitle: own ? fill(labels.titleInPack, { title: pack.shortTitle, pack: doc.title }) : pack.shortTitle,
    subject: view.pack.meeting.name,
    author: view.pack.preparedBy.name,
    keywords: [...(view.document.focus.length ? view.document.focus : content.topics.map((t) => t.title))],
    language: view.pack.locale,
    ...(view.document.marking ? { marking: view.document.marking } : {}),
    ...(view.pack.reference ? { reference: view.pack.reference } : {}),
    ...(view.pack.version ? { version: view.pack.version } : {}),
    created: env.now(),
  };
}

/** Whether the document asks for a contents list (its page numbers depend on the PDF's layout). */
export const hasContents = (document: Document): boolean => document.blocks.some((b) => b.type === 'tableOfContents');

/**
 * The document with the layout its PDF was given: the DOCX writer fills its contents list from
 * it. Only documents with a contents list need it; the others stay as built.
 */
export function withLayout(built: Built, pdf: Written): Built {
  if (!hasContents(built.document) || pdf.pages === undefined || !pdf.headingPages) return built;
  return { ...built, document: { ...built.document, layout: { pages: pdf.pages, headings: pdf.headingPages } } };
}

export interface Measured {
  readonly built: Built;
  readonly pdf: Written;
}

/**
 * Renders the PDF and applies the theme's contents threshold: a contents list is kept only when
 * the document runs to more than `contentsMinPages` pages (counted with the list). Otherwise the
 * list is dropped and the PDF rendered once more; the caller renders every other format from the
 * returned document, so the DOCX gets the same decision. Documents without a list cost one layout.
 */
export async function renderMeasured(built: Built, theme: Theme, options: WriteOptions = {}): Promise<Measured> {
  const pdf = await renderDocument(built.document, 'pdf', theme, options);
  if (!hasContents(built.document) || (pdf.pages ?? Infinity) > theme.contentsMinPages) return { built, pdf };
  const document = { ...built.document, blocks: built.document.blocks.filter((b) => b.type !== 'tableOfContents') };
  const shorter = { ...built, document };
  return { built: shorter, pdf: await renderDocument(document, 'pdf', theme, options) };
}

export async function renderDocument(document: Document, format: Format, theme: Theme, options: WriteOptions = {}): Promise<Written> {
  const writer = await loadWriter(format);
  return writer(document, theme, options);
}
