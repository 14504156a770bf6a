// What the server does with a pack: describe it, preview it in memory, write it to its output
// folder. Requests name a pack by its id and files by the names a render made: no path a request
// holds ever reaches the file system. Renders run one at a time (the pipeline's caches and the
// output folder are shared), so concurrent requests queue instead of mixing their files.
import { randomBytes } from 'node:crypto';
import { basename, relative, resolve } from 'node:path';
import { z } from 'zod';
import { LENGTHS } from '../content/lengths.js';
import type { Diagnostic } from '../document/model.js';
import type { Env } from '../env.js';
import { UsageError, choicesHint } from '../errors.js';
import { generate, packDocuments, titleOf, type GenerateRequest, type ManifestEntry } from '../pack/index.js';
import { refuseOutInsideInputs } from '../cli/inputs.js';
import { checkAddresses } from '../pack/plan/email.js';
import { locale, MARKING_LIMIT } from '../content/schema.js';
import { loadTemplates } from '../template/index.js';
import { catalogueLanguages, messagesFolder, messagesFor } from '../template/messages.js';
import { bundledThemeNames } from '../theme/index.js';
import { keepWarmPath } from '../warm/index.js';

/** The formats a preview makes: what the page shows (PDF) and offers (PDF, DOCX; an email draft attaches them). */
const FORMATS = ['pdf', 'docx'] as const;
/** Renders kept for download; older ones go. */
const KEPT_RENDERS = 12;

const text = (max: number) => z.string().max(max);
/** The options a page may send: the CLI's options for one pack, nothing that names a path. */
const optionsSchema = z
  .object({
    documents: z.array(text(100)).max(50).optional(),
    topics: z.array(text(200)).max(50).optional(),
    only: z.boolean().optional(),
    length: z.enum(LENGTHS).optional(),
    pages: z.number().int().min(1).max(200).optional(),
    theme: text(60).optional(),
    marking: text(MARKING_LIMIT).optional(),
    recipient: text(200).optional(),
    /** The documents' language (BCP 47), as --lang; empty: each document's own, else the pack's. */
    lang: text(35).optional(),
    /** An unsent email draft (.eml) per document with its DOCX attached, as --email, --to and --email-pdf. */
    email: z.object({ to: text(1000).optional(), attachPdf: z.boolean().optional() }).strict().optional(),
    /** The page first asks for the PDF of the document it shows, then for everything. */
    formats: z.array(z.enum(FORMATS)).min(1).max(FORMATS.length).optional(),
  })
  .strict();

export interface Pack {
  readonly id: string;
  readonly folder: string;
  readonly out: string;
}

export interface Render {
  readonly id: string;
  readonly pack: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly entries: readonly ManifestEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface SessionOptions {
  /** Pack folders, each with the output folder "Write to output" writes to. */
  readonly packs: readonly { readonly folder: string; readonly out: string }[];
  readonly templates?: string;
  readonly env: Env;
}

export type Session = ReturnType<typeof createSession>;

export function createSession(options: SessionOptions) {
  const warm = keepWarmPath();
  const packs = new Map<string, Pack>();
  for (const { folder, out } of options.packs) {
    const id = basename(resolve(folder));
    if (!packs.has(id)) packs.set(id, { id, folder, out });
  }
  const renders = new Map<string, Render>();
  // What each pack was last previewed with: the page's request for its pages (one document's PDF),
  // and its request for every file, made right after.
  const lastPages = new Map<string, unknown>();
  const last = new Map<string, unknown>();
  let queue: Promise<unknown> = Promise.resolve();
  // A request the page gave up on while it waited (the user changed an option again) is not run.
  const serial = <T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    const start = () => {
      if (signal?.aborted) throw new UsageError('Superseded', 'The page asked for something newer before this began.');
      return work();
    };
    const run = queue.then(start, start);
    queue = run.catch(() => undefined);
    return run;
  };

  /** The languages the templates have words for (any other prints in English, with a warning). */
  const languagesOf = () => catalogueLanguages(messagesFolder(loadTemplates(options.templates).folder));

  const packOf = (id: string): Pack => {
    const pack = packs.get(id);
    if (!pack) throw new UsageError('UnknownPack', `There is no pack '${id}' here.`, { hint: choicesHint(id, [...packs.keys()]) });
    return pack;
  };

  /** The generate request for these options: the CLI's own, with empty fields left out. */
  const requestFor = (pack: Pack, raw: unknown): GenerateRequest => {
    const parsed = optionsSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError('BadOptions', `The option ${issue.path.join('.') || '(body)'} is not valid: ${issue.message}.`);
    }
    const o = parsed.data;
    const some = (list?: readonly string[]) => list?.map((s) => s.trim()).filter(Boolean);
    const documents = some(o.documents);
    const topics = some(o.topics);
    const theme = o.theme?.trim();
    if (theme) {
      const themes = bundledThemeNames();
      if (!themes.includes(theme)) throw new UsageError('UnknownTheme', `Unknown theme '${theme}'.`, { hint: choicesHint(theme, themes) });
    }
    const lang = o.lang?.trim();
    if (lang && !locale.safeParse(lang).success) {
      throw new UsageError('BadLanguage', `The language must be a tag such as fr, de or pt-BR; got '${lang}'.`, { hint: `The templates have words for ${languagesOf().join(', ')}; another language prints in English, with a warning.` });
    }
    // The CLI's own check of the To: line (--to), naming the page's field.
    const to = o.email?.to?.trim();
    if (to) checkAddresses(to, 'To:');
    const email = o.email ? { ...(to ? { to } : {}), ...(o.email.attachPdf ? { attachPdf: true } : {}) } : undefined;
    return {
      data: pack.folder,
      out: pack.out,
      formats: o.formats ? FORMATS.filter((f) => o.formats!.includes(f)) : FORMATS,
      ...(options.templates ? { templates: options.templates } : {}),
      ...(documents?.length ? { documents } : {}),
      ...(topics?.length ? { topics } : {}),
      ...(o.only ? { only: true } : {}),
      ...(o.length ? { length: o.length } : {}),
      ...(o.pages ? { pages: o.pages } : {}),
      ...(theme ? { theme } : {}),
      ...(o.marking?.trim() ? { marking: o.marking.trim() } : {}),
      ...(o.recipient?.trim() ? { recipient: o.recipient.trim() } : {}),
      ...(lang ? { lang } : {}),
      ...(email ? { email } : {}),
    };
  };

  return {
    packs: () => [...packs.values()].map((p) => ({ id: p.id, out: shown(p.out) })),

    /** What the page offers for a pack: its documents, topics (with aliases), lengths, themes and languages. */
    describe: (id: string) =>
      serial(async () => {
        const pack = packOf(id);
        const content = warm.content.load(pack.folder);
        const templates = loadTemplates(options.templates);
        return {
          id: pack.id,
          title: content.pack.title,
          out: shown(pack.out),
          // A bundled document is titled from the catalogue, in the pack's language, as its pages are.
          documents: packDocuments(content, templates.folder).map((d) => ({
            id: d.id,
            title: titleOf(d, messagesFor(templates.folder, content.pack.locale)) ?? d.id,
            audience: d.audience,
            length: d.length,
          })),
          topics: content.topics.map((t) => ({ id: t.id, title: t.title, aliases: t.aliases })),
          lengths: LENGTHS,
          themes: bundledThemeNames(),
          locale: content.pack.locale,
          languages: languagesOf(),
        };
      }),

    /**
     * Every file the CLI would write for these options, made in memory and kept for download. The
     * page's request for its pages gets a preview PDF (laid out as the file, drawn for showing:
     * WriteOptions.preview); its request for the downloads gets the files `generate` writes.
     */
    preview: (id: string, raw: unknown, signal?: AbortSignal) =>
      serial(async () => {
        const pack = packOf(id);
        const request = requestFor(pack, raw);
        const pagesOnly = isPagesOnly(request);
        const result = await generate({ ...request, dryRun: true, preview: pagesOnly }, options.env);
        (pagesOnly ? lastPages : last).set(pack.id, raw);
        const render: Render = {
          id: randomBytes(9).toString('base64url'),
          pack: pack.id,
          files: new Map((result.pending ?? []).map((f) => [f.name, f.bytes])),
          entries: result.files,
          diagnostics: result.diagnostics,
        };
        renders.set(render.id, render);
        while (renders.size > KEPT_RENDERS) renders.delete(renders.keys().next().value!);
        return render;
      }, signal),

    /** The same run as `briefpack generate` with these options: files and manifest in the pack's output folder. */
    write: (id: string, raw: unknown) =>
      serial(async () => {
        const pack = packOf(id);
        const request = requestFor(pack, raw);
        refuseOutInsideInputs({ out: pack.out, data: pack.folder, ...(options.templates ? { templates: options.templates } : {}) });
        const result = await generate(request, options.env);
        return { out: shown(result.out), written: result.written.map((f) => relative(resolve(result.out), f)), diagnostics: result.diagnostics };
      }),

    render: (id: string) => renders.get(id),

    /**
     * Renders again what each pack was last previewed with, so the page finds it ready after a
     * change: only its pages (the PDF of the document it shows) when it asked for those, which is
     * all it waits for before showing them; the downloads are made when it asks for them next.
     */
    refresh: () =>
      serial(async () => {
        for (const id of new Set([...lastPages.keys(), ...last.keys()])) {
          const pack = packs.get(id);
          if (!pack) continue;
          const request = requestFor(pack, lastPages.get(id) ?? last.get(id));
          await generate({ ...request, dryRun: true, preview: isPagesOnly(request) }, options.env);
        }
      }),
  };
}

/** The page's first request: the PDF of the one document it shows. */
const isPagesOnly = (request: GenerateRequest) => request.formats.length === 1 && request.formats[0] === 'pdf' && request.documents?.length === 1;

const shown = (path: string) => {
  const r = relative(process.cwd(), path);
  return r.startsWith('..') ? resolve(path) : r || '.';
};
