// One document through the pipeline: select → template → Markdown → document model → writers.
import { sanitizeOptions } from '../../content/sanitize.js';
import type { Content, Item } from '../../content/schema.js';
import { limitNesting } from '../../document/depth.js';
import type { Diagnostic, Document } from '../../document/model.js';
import type { Env } from '../../env.js';
import { toDocument } from '../../markdown/index.js';
import { select, selectionWarnings, type View } from '../../select/index.js';
import type { TemplateSet } from '../../template/index.js';
import type { Theme } from '../../theme/index.js';
import { loadWriter, type Format, type WriteOptions, type Written } from '../../write/index.js';
import { readImage } from './images.js';
import { bodyText, printedTopics } from './keywords.js';
import { drawsNarrowSpace, textTypesetter, typesetDocument, type TypesetOptions } from '../../typography/index.js';
import { inLanguage } from '../../content/languages.js';
import { labelsFor, missingWordsWarning, titleOf, untranslatedWarning, type TitleLabels } from './labels.js';
import type { DocumentRequest, Job } from '../plan/plan.js';

export type { DocumentRequest } from '../plan/plan.js';

export interface Built {
  readonly view: View;
  readonly markdown: string;
  readonly document: Document;
  readonly diagnostics: readonly Diagnostic[];
  /** Sets text that goes around the document (its covering email) as the document's text is set. */
  readonly typeset: (text: string) => string;
}

/** One document of a run, built and rendered in every format asked for. */
export interface Rendered {
  readonly job: Job;
  readonly built: Built;
  readonly trim: number;
  readonly outputs: readonly { readonly format: Format; readonly written: Written }[];
}

/** A writer on another thread, for the formats it takes (execute/writer-thread.ts). */
export interface ElsewhereWriter {
  write(document: Document, format: Format, theme: Theme): Promise<Written>;
}

export interface Services {
  readonly templates: TemplateSet;
  readonly theme: Theme;
  readonly env: Env;
  /** Writes DOCX files on a second thread while this one lays out PDFs (see execute/writer-thread.ts). */
  readonly writer?: ElsewhereWriter;
  /** PDFs to show, not to keep (WriteOptions.preview): a dry run's for `serve`'s pages. */
  readonly preview?: boolean;
}

/** The PDF writer's options for these services: a preview's, or none. */
export const pdfOptions = (services: Pick<Services, 'preview'>): WriteOptions => (services.preview ? { preview: true } : {});

export function buildDocument(content: Content, given: DocumentRequest, services: Services): Built {
  const { options: request, warnings } = sanitizeOptions(given, { marking: '--marking', recipient: 'Recipient name (--for)' });
  const lang = request.lang ?? content.pack.locale;
  const labels = labelsFor(services.templates.folder, lang);
  // The content in the document's language, once, before selection: templates see one language.
  const localized = inLanguage(content, lang);
  const own = localized.content.documents.find((d) => d.id === request.document.id);
  const title = titleOf(own?.title !== undefined ? { ...request.document, title: own.title } : request.document, labels.messages);
  const spec = { ...request.document, ...(title !== undefined ? { title } : {}) };
  const selected = select(localized.content, { ...request, document: spec, lang, speech: { ...labels.speech, rate: services.theme.speechRate } });
  const attributed = isAttributed(spec);
  const view = attributed ? selected : titledAfterMeeting(selected, spec);
  // The pages see the view without attribution; `view` keeps the pack's sender for what goes
  // around the document (the covering email is signed by the desk that sends it).
  const shown = attributed ? view : withoutAttribution(view);
  const templateFile = `${request.document.template}.md.hbs`;
  const markdown = services.templates.render(request.document.template, shown);
  const parsed = toDocument(markdown, {
    sourceName: templateFile,
    metadata: { ...metadataOf(shown, attributed, services.env, labels.titles), labels: labels.writer },
    resolveImage: (src, inField) => readImage(content.folder, src, inField ? 'a rich-text field (detail or pack.summary)' : 'pack.logo'),
  });
  const { document, diagnostics } = limitNesting(parsed.document);
  const keywords = printedTopics(document, localized.content.topics.map((t) => t.title));
  // What the template printed, letters and digits only: an item prints when its headline is there.
  const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  const printed = letters(bodyText(document));
  const prints = (item: Item) => printed.includes(letters(item.headline));
  const typography: TypesetOptions = localized.foreign.length ? { foreign: foreignText(localized.foreign) } : {};
  // A covering email has no font: the narrow no-break space stays.
  const setText = textTypesetter(document.metadata.language, typography);
  return {
    view,
    markdown,
    // Quotation marks and spacing of the language, once for every writer.
    document: typesetDocument({ ...document, metadata: { ...document.metadata, keywords } }, { ...typography, narrowSpace: drawsNarrowSpace(services.theme.fontFaces.normal) }),
    typeset: (text) => setText?.(text) ?? text,
    diagnostics: [
      ...(content.warnings ?? []),
      ...warnings,
      ...missingWordsWarning(labels.messages),
      ...untranslatedWarning(localized, lang, view),
      ...selectionWarnings(localized.content, request, view, prints),
      ...parsed.diagnostics,
      ...diagnostics,
    ],
  };
}

/**
 * The parts of a text node that belong to one of these texts: all of it when it is (part of) one
 * (rich text's line breaks are spaces once read), or each one it holds (a question inside a label).
 */
function foreignText(texts: readonly string[]): (text: string) => (readonly [number, number])[] {
  const flat = (t: string) => t.replace(/\s+/g, ' ').trim();
  const known = [...new Set(texts.map(flat))].filter((k) => k !== '');
  return (text) => {
    const wanted = flat(text);
    if (wanted === '') return [];
    if (known.some((k) => k.includes(wanted))) return [[0, text.length]];
    const found: [number, number][] = [];
    for (const k of known) {
      for (let at = text.indexOf(k); at !== -1; at = text.indexOf(k, at + k.length)) found.push([at, at + k.length]);
    }
    found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const merged: [number, number][] = [];
    for (const [start, end] of found) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    return merged;
  };
}

/** Internal documents say who made them; a public one only when its spec's `attribution:` says so. */
const isAttributed = (spec: DocumentRequest['document']): boolean => spec.attribution ?? spec.audience === 'internal';

/** An unattributed document without a title of its own is named after the meeting, not the pack. */
function titledAfterMeeting(view: View, spec: DocumentRequest['document']): View {
  return spec.title ? view : { ...view, document: { ...view.document, title: view.pack.meeting.name } };
}

/**
 * What an unattributed document's pages may say of the pack: the meeting, not who drafted it, for
 * whom, under which reference or internal title. Blanked here, so no template can print them.
 */
function withoutAttribution(view: View): View {
  const title = view.document.title;
  return {
    ...view,
    pack: {
      ...view.pack,
      title,
      shortTitle: title,
      subtitle: null,
      preparedFor: { name: '', organisation: null },
      preparedBy: { name: '', unit: null, contact: null },
      reference: null,
      version: null,
      logo: null,
    },
  };
}

function metadataOf(view: View, attributed: boolean, env: Env, labels: TitleLabels): Omit<Document['metadata'], 'keywords'> {
  const { document: doc, pack } = view;
  // "Speaking notes" alone says little in a mail client's attachment list: name the pack (for an
  // unattributed document, the meeting) too. The running header keeps to the short form.
  const context = attributed ? pack.shortTitle : pack.meeting.name;
  const own = doc.title !== (attributed ? pack.title : context);
  let title = own ? labels.inPack(doc.title, context) : doc.title;
  if (doc.focus.length) title = labels.focus(title, doc.focus);
  if (doc.recipient) title = labels.for(title, doc.recipient);
  return {
    title,
    shortTitle: attributed && own ? labels.inPack(pack.shortTitle, doc.title) : pack.shortTitle,
    subject: pack.meeting.name,
    ...(pack.preparedBy.name ? { author: pack.preparedBy.name } : {}),
    language: pack.locale,
    ...(doc.marking ? { marking: doc.marking } : {}),
    ...(pack.reference ? { reference: pack.reference } : {}),
    ...(pack.version ? { version: pack.version } : {}),
    created: env.now(),
  };
}

/** Whether the document asks for a contents list (its page numbers depend on the PDF's layout). */
export const hasContents = (document: Document): boolean => document.blocks.some((b) => b.type === 'tableOfContents');

/**
 * The document with the layout its PDF was given: the DOCX writer fills its contents list from
 * it, and sets its spacing and early page breaks as the PDF's. Documents with none of these stay as built.
 */
export function withLayout(built: Built, pdf: Written): Built {
  const contents = hasContents(built.document) && pdf.headingPages !== undefined;
  if (pdf.pages === undefined || (!contents && pdf.spacing === undefined && pdf.breaks === undefined)) return built;
  const layout = {
    pages: pdf.pages,
    headings: pdf.headingPages ?? {},
    ...(pdf.spacing !== undefined ? { spacing: pdf.spacing } : {}),
    ...(pdf.breaks !== undefined ? { breaks: pdf.breaks } : {}),
  };
  return { ...built, document: { ...built.document, layout } };
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
