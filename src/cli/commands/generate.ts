import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { LENGTHS, type Length } from '../../content/lengths.js';
import { processEnv } from '../../env.js';
import { UsageError, choicesHint } from '../../errors.js';
import { FORMATS, PDF_STANDARDS, type Format, type PdfStandard } from '../../write/types.js';
import { count, detail, info, io, jsonResult, printDiagnostics } from '../io.js';

interface Args {
  data?: string;
  out?: string;
  format: string;
  template?: string;
  templates?: string;
  theme?: string;
  doc?: string[];
  length?: Length;
  topic?: string[];
  only?: boolean;
  pages?: number;
  marking?: string;
  for?: string;
  email?: boolean;
  emailPdf?: boolean;
  to?: string;
  watch?: boolean;
  force?: boolean;
  json?: boolean;
  combined?: boolean;
  pdfStandard?: PdfStandard;
  lang?: string;
}

export function parseFormats(list: string): Format[] {
  const formats = list.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  if (formats.length === 0) throw new UsageError('EmptyValue', `--format ${JSON.stringify(list)} names no format.`, { hint: `Give one or more of ${FORMATS.join(', ')}, separated by commas.` });
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError('UnknownFormat', `Unknown format '${f}'.`, { hint: choicesHint(f, FORMATS) });
  }
  return [...new Set(formats)] as Format[];
}

/** Pack folders under data/ when --data is not given: every folder holding YAML files. */
export function bundledPacks(): string[] {
  const root = 'data';
  if (!existsSync(root)) {
    throw new UsageError('NoData', 'No pack folder given, and no data/ folder here to take every pack from.', {
      hint: 'Name a pack folder (`briefpack validate data/my-meeting`, `briefpack generate --data data/my-meeting`), or run from the folder that holds data/.',
    });
  }
  return readdirSync(root)
    .map((n) => join(root, n))
    .filter((p) => statSync(p).isDirectory() && readdirSync(p).some((f) => /\.ya?ml$/.test(f)))
    .sort();
}

/**
 * Where a pack's files go: --out itself for one pack (--data); for every pack under data/, a
 * subfolder per pack, of --out or of output/, so one pack never overwrites another's files.
 */
export function outFolder(args: { data?: string; out?: string }, data: string): string {
  const pack = basename(data.replace(/\/+$/, ''));
  if (args.out === undefined) return join('output', pack);
  return args.data ? args.out : join(args.out, pack);
}

/**
 * Packs whose output folders differ only in case would write into one folder on Windows and macOS,
 * the later pack replacing the earlier one's files; refused before anything is written.
 */
function refuseFoldersOneWithoutCase(packs: readonly string[], args: { data?: string; out?: string }): void {
  const seen = new Map<string, string>();
  for (const data of packs) {
    const out = outFolder(args, data);
    const first = seen.get(out.toLowerCase());
    if (first !== undefined && first !== data) {
      throw new UsageError('PackFoldersCollide', `The packs ${first} and ${data} would be written into ${outFolder(args, first)} and ${out}: one folder where case is ignored, as on Windows and macOS.`, {
        hint: 'Rename one of the pack folders so that their names differ in more than case.',
      });
    }
    seen.set(out.toLowerCase(), data);
  }
}

export const generateCommand: CommandModule<object, Args> = {
  command: 'generate',
  describe: 'Generate a pack\'s documents as PDF, DOCX and Markdown',
  builder: (y: Argv) =>
    y
      .option('data', { type: 'string', describe: 'Pack folder (default: every pack under data/)' })
      .option('out', { type: 'string', describe: 'Output folder (default: output/<pack>; without --data, one subfolder per pack)' })
      .option('format', { type: 'string', default: 'pdf,docx,md', describe: 'Comma-separated: pdf, docx, md' })
      .option('doc', { type: 'string', array: true, describe: 'Document id of the pack (repeatable; default: all)' })
      .option('template', { type: 'string', describe: 'Build one ad-hoc internal document with this template instead of the pack\'s (not with --doc)' })
      .option('templates', { type: 'string', describe: 'Template folder (default: the bundled templates/)' })
      .option('theme', { type: 'string', describe: 'Theme name or .json file (default: default)' })
      .option('length', { choices: LENGTHS, describe: 'short aims at one page, standard at three, full = everything (only --pages is a hard limit)' })
      .option('topic', { type: 'string', array: true, describe: 'Focus topic id or alias (repeatable)' })
      .option('only', { type: 'boolean', describe: 'Leave topics outside the focus out entirely' })
      .option('pages', { type: 'number', describe: 'Fit each document into this many pages; exit 2 if one cannot fit' })
      .option('lang', { type: 'string', describe: 'Language of the documents and email drafts (BCP 47, e.g. fr); default: each document\'s, else the pack locale' })
      .option('marking', { type: 'string', describe: 'Marking on every page, e.g. OFFICIAL-SENSITIVE' })
      .option('for', { type: 'string', describe: 'Public documents only, for this recipient (a name) or for each in a list (.csv, .txt or .yaml)' })
      .option('email', { type: 'boolean', describe: 'Also write an unsent email draft (.eml) with each DOCX attached' })
      .option('email-pdf', { type: 'boolean', describe: 'Attach the PDF to the email draft too (implies --email)' })
      .option('to', { type: 'string', describe: 'Address for the email draft\'s To: line (implies --email)' })
      .option('combined', { type: 'boolean', describe: 'Also write the whole pack as one PDF with a pack cover and contents, ready to print' })
      .option('pdf-standard', { choices: PDF_STANDARDS, describe: 'Archival PDF: PDF/A-2b, or a-2a (accessible, tagged)' })
      .option('watch', { type: 'boolean', describe: 'Generate again whenever the data, templates or theme change' })
      .option('force', { type: 'boolean', describe: 'Overwrite files in the output folder that briefpack did not write' })
      .option('json', { type: 'boolean', describe: 'Print the result as JSON (see README, "--json")' })
      .group(['data', 'out', 'format', 'doc', 'template', 'templates', 'theme', 'lang', 'pdf-standard'], 'What to make, and where:')
      .group(['length', 'pages', 'topic', 'only', 'marking'], 'Length and focus:')
      .group(['for', 'email', 'email-pdf', 'to', 'combined'], 'For others, and delivery:')
      .group(['watch', 'force', 'json'], 'Running:')
      .example('$0 generate', 'Every bundled pack, all documents, all formats, into output/')
      .example('$0 generate --data data/mypack --format pdf --length short', 'A one-page PDF note')
      .example('$0 generate --data data/mypack --topic funding --pages 2', 'Focus on one topic, fitted into 2 pages')
      .example('$0 generate --data data/mypack --combined', 'Every document, plus the whole pack as one PDF to print')
      .example('$0 generate --data data/mypack --for delegations.csv', 'The public documents once per delegation')
      .example('$0 generate --data data/mypack --doc handout --lang fr', 'The handout in French (handout-standard-fr.pdf)')
      .example('$0 generate --data data/mypack --email --to desk@example.org', 'A draft email with each DOCX attached') as unknown as Argv<Args>,
  handler: async (args: ArgumentsCamelCase<Args>) => {
    if (args.watch) {
      const { watchAndGenerate } = await import('../watch.js');
      return watchAndGenerate(args, async () => generateCommand.handler({ ...args, watch: false }));
    }
    const formats = parseFormats(args.format);
    if (args.lang !== undefined && !(await import('../../content/schema.js')).locale.safeParse(args.lang).success) {
      throw new UsageError('BadLanguage', `--lang must be a language tag such as fr, de or pt-BR; got '${args.lang}'.`, { hint: 'The bundled catalogues are en, fr, es, de and ru; other languages print in English with a warning.' });
    }
    if (args.marking !== undefined) {
      const { MARKING_LIMIT, markingTooLong } = await import('../../content/schema.js');
      if (args.marking.trim().length > MARKING_LIMIT) throw new UsageError('BadMarking', `--marking is ${args.marking.trim().length.toLocaleString('en-GB')} characters long; ${markingTooLong}.`, { hint: 'Give a short label, e.g. --marking OFFICIAL-SENSITIVE.' });
    }
    if (args.pages !== undefined && (!Number.isInteger(args.pages) || args.pages < 1)) {
      throw new UsageError('BadPages', `--pages must be a whole number of at least 1; got ${args.pages}.`, { hint: 'Give the number of pages to fit each document into, e.g. --pages 2.' });
    }
    const { generate } = await import('../../pack/index.js');
    const delivery = await import('../delivery.js');
    const inputs = await import('../inputs.js');
    const email = delivery.emailOf(args);
    const recipients = delivery.recipientsOf(args.for);
    const packs = args.data ? [args.data] : bundledPacks();
    const env = processEnv(io().env);
    refuseFoldersOneWithoutCase(packs, args);
    for (const data of packs) inputs.refuseOutInsideInputs({ out: outFolder(args, data), data, ...(args.templates ? { templates: args.templates } : {}), ...(args.theme ? { theme: args.theme } : {}) });
    const results = [];
    for (const data of packs) {
      inputs.noteSkippedFiles(data);
      const started = performance.now();
      detail(`${data}: generating ${formats.join(', ')} into ${outFolder(args, data)}/`);
      const result = await generate(
        {
          data,
          out: outFolder(args, data),
          formats,
          ...(args.templates ? { templates: args.templates } : {}),
          ...(args.theme ? { theme: args.theme } : {}),
          ...(args.doc ? { documents: args.doc } : {}),
          ...(args.template ? { template: args.template } : {}),
          ...(args.length ? { length: args.length } : {}),
          ...(args.topic ? { topics: args.topic } : {}),
          ...(args.only ? { only: true } : {}),
          ...(args.pages ? { pages: args.pages } : {}),
          ...(args.marking ? { marking: args.marking } : {}),
          ...(args.lang ? { lang: args.lang } : {}),
          ...(args.for && !recipients ? { recipient: args.for } : {}),
          ...(recipients ? { recipients, pool: { onProgress: delivery.progressLine() } } : { onDocument: delivery.documentProgress() }),
          ...(email ? { email } : {}),
          ...(args.force ? { force: true } : {}),
          ...(args.combined ? { combined: true } : {}),
          ...(args.pdfStandard ? { pdfStandard: args.pdfStandard } : {}),
        },
        env,
      );
      results.push(result);
      detail(`${data}: ${count(result.written.length, 'file')} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      printDiagnostics(result.diagnostics);
      if (!args.json) {
        info(`Wrote ${count(result.written.length, 'file')} to ${result.out}/`);
        for (const file of result.written) {
          const entry = result.files.find((f) => file.endsWith(`/${f.file}`));
          const shown = relative(process.cwd(), file);
          info(`  ${shown.startsWith('..') ? file : shown}${entry?.pages ? `  (${count(entry.pages, 'page')})` : ''}`);
        }
        const trimmed = delivery.trimmedLines(result.files);
        if (trimmed.length) info(`Fitted to the page budget:\n${trimmed.join('\n')}`);
        if (result.recipients) info(delivery.recipientSummary(result.recipients));
      }
    }
    if (args.json) {
      jsonResult('generate', { results: results.map((r) => ({ out: r.out, files: r.files, ...(r.recipients ? { recipients: r.recipients } : {}) })) }, results.flatMap((r) => r.diagnostics));
    }
  },
};
