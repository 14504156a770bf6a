// Documents for other delegations: the run's public documents once per recipient ("Prepared for
// …"). This module reads the recipient list and plans the jobs; pool.ts renders them on worker
// threads, and the main thread writes every file at once, so a failure leaves nothing half-written.
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { Content } from '../../content/index.js';
import { ContentError, UsageError, choicesHint } from '../../errors.js';
import { checkAddresses } from './email.js';
import { exists, readInputText } from '../../files/read.js';
import { chooseDocuments, planJobs, type Job, type PlanOptions } from './plan.js';

// Excel's "Unicode text" is saved as .txt (tab-separated); some tools write .tsv.
const LIST_FILE = /\.(csv|tsv|txt|ya?ml)$/i;
const TABLE_FILE = /\.(csv|tsv|txt)$/i;

/** One line of a recipient list: who the documents are for, and how to reach them. */
export interface Recipient {
  readonly name: string;
  /** Fills the To: line of this recipient's email draft (--email). */
  readonly email?: string;
  /** The language to make this recipient's documents in (a BCP 47 tag, e.g. fr or pt-BR). */
  readonly lang?: string;
  readonly organisation?: string;
}

type Field = keyof Recipient;

// Column headings (and YAML keys) as people write them, for each field.
const HEADINGS: Readonly<Record<string, Field>> = {
  name: 'name',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  'email address': 'email',
  lang: 'lang',
  language: 'lang',
  organisation: 'organisation',
  organization: 'organisation',
  org: 'organisation',
};
const FIELDS: readonly Field[] = ['name', 'email', 'lang', 'organisation'];

/** `--for` names a recipient list when it is a .csv, .tsv, .txt, .yaml or .yml file name. */
export function isRecipientList(value: string): boolean {
  return LIST_FILE.test(value.trim());
}

/** The recipients of a CSV file (a header row with a `name` column) or a YAML list, in order, each name once. */
export function readRecipientList(file: string): Recipient[] {
  if (!exists(file)) {
    throw new UsageError('RecipientListNotFound', `No recipient list at ${file}.`, {
      hint: 'Give a .csv file with a `name` column or a .yaml list of names; to name one recipient, pass a name without .csv, .txt or .yaml at the end.',
      location: { file },
    });
  }
  const csv = TABLE_FILE.test(file);
  const text = readInputText(file, { kind: csv ? 'csv' : 'yaml' });
  const list = csv ? fromCsv(text, file) : fromYaml(text, file);
  // One entry per name and language: the same delegation may want its documents in two languages.
  const unique = [...new Map(list.map((r) => [`${r.name}\u0000${r.lang ?? ''}`, r])).values()];
  if (unique.length === 0) throw new ContentError('NoRecipients', `${file} lists no recipients.`, { location: { file }, hint: 'Add a row for each recipient under the header row (name, email, lang, organisation).' });
  return unique;
}

const clean = (name: string) => name.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();

/** A recipient from its fields as read, each checked; `where` says which row or entry, for messages. */
function recipientOf(fields: Partial<Record<Field, unknown>>, file: string, where: { line?: number; path?: string; what: string }): Recipient {
  const location = { file, ...(where.line ? { line: where.line } : {}), ...(where.path ? { path: where.path } : {}) };
  const text = (field: Field) => {
    const value = fields[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ContentError('RecipientListInvalid', `${where.what} of ${file}: '${field}' must be text.`, { location });
    }
    return clean(String(value)) || undefined;
  };
  const name = text('name');
  if (!name) throw new ContentError('RecipientListInvalid', `${where.what} of ${file} has no name.`, { location, hint: 'Give every recipient a name, or delete the empty row.' });
  const email = text('email');
  if (email) {
    try {
      checkAddresses(email);
    } catch (error) {
      throw new ContentError('RecipientEmailInvalid', `${where.what} of ${file}: ${JSON.stringify(email)} is not an email address.`, {
        location,
        hint: 'Write one address such as desk@example.org, or leave the email empty.',
        cause: error,
      });
    }
  }
  const lang = text('lang');
  let tag: string | undefined;
  if (lang) {
    try {
      tag = Intl.getCanonicalLocales(lang)[0];
    } catch {
      throw new ContentError('RecipientLangInvalid', `${where.what} of ${file}: ${JSON.stringify(lang)} is not a language tag.`, { location, hint: 'Write a language tag such as en, fr, es or pt-BR.' });
    }
  }
  const organisation = text('organisation');
  return { name, ...(email ? { email } : {}), ...(tag ? { lang: tag } : {}), ...(organisation ? { organisation } : {}) };
}

function fromYaml(text: string, file: string): Recipient[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError('RecipientListInvalid', `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { location: { file } });
  }
  if (!Array.isArray(data)) {
    throw new ContentError('RecipientListInvalid', `${file} must be a list of names, or of entries with a name.`, {
      location: { file },
      hint: 'e.g.\n- Delegation of A\n- name: Delegation of B\n  email: desk@b.example\n  lang: fr\n  organisation: Ministry of B',
    });
  }
  return data.map((entry, index) => {
    const where = { path: `[${index}]`, what: `Entry ${index + 1}` };
    if (typeof entry === 'string') return recipientOf({ name: entry }, file, where);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return recipientOf({}, file, where);
    const fields: Partial<Record<Field, unknown>> = {};
    const unknown = Object.keys(entry).filter((key) => !HEADINGS[key.trim().toLowerCase()]);
    for (const [key, value] of Object.entries(entry)) if (HEADINGS[key.trim().toLowerCase()]) fields[HEADINGS[key.trim().toLowerCase()]!] = value;
    const odd = unknown[0];
    if (odd !== undefined) {
      // Without its name an entry is reported as such; a misspelt field is usually why.
      const path = `[${index}].${fields.name === undefined ? 'name' : odd}`;
      throw new ContentError('RecipientListInvalid', `Entry ${index + 1} of ${file} has ${fields.name === undefined ? 'no name and ' : ''}an unknown field '${odd}'.`, { location: { file, path }, hint: choicesHint(odd, FIELDS) });
    }
    return recipientOf(fields, file, { ...where, path: `[${index}].name` });
  });
}

/**
 * The separator of a CSV file, by its header row: Excel writes `;` where the decimal mark is a
 * comma (most of Europe), `,` elsewhere, and a tab for "Unicode text".
 */
function separatorOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0]!.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((c) => [c, header.split(c).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

function fromCsv(text: string, file: string): Recipient[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, { delimiter: separatorOf(text), bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof rows;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new ContentError('RecipientListInvalid', `${file} cannot be read as CSV: ${e.message}`, { location: { file, ...(e.lines ? { line: e.lines } : {}) }, hint: 'Save it again from Excel as "CSV UTF-8", or check the quotes on the line named.' });
  }
  const header = rows.shift();
  const columns = header?.record.map((h) => HEADINGS[h.trim().toLowerCase()]) ?? [];
  if (!header || !columns.includes('name')) {
    throw new ContentError('RecipientListInvalid', `${file} needs a header row with a 'name' column${header ? ` (its first row is: ${header.record.join(', ')})` : ''}.`, {
      location: { file, line: 1 },
      hint: 'Put the column names in the first row: name, and optionally email, lang, organisation.',
    });
  }
  return rows
    .filter((row) => row.record.some((c) => c.trim()))
    .map((row) => {
      const fields: Partial<Record<Field, string>> = {};
      columns.forEach((field, i) => {
        if (field && row.record[i] !== undefined) fields[field] = row.record[i];
      });
      return recipientOf(fields, file, { line: row.info.lines, what: `Row at line ${row.info.lines}` });
    });
}

export interface RecipientPlan {
  readonly jobs: Job[];
  /** Public documents made for each recipient. */
  readonly documents: string[];
  /** Documents of the run left out because they are not public. */
  readonly skipped: string[];
}

/**
 * One job per (recipient, public document). Which documents follows the rule of any run for a
 * recipient (plan.ts); names that would clash are refused with the rest of the run's (generate.ts).
 */
export function planRecipientJobs(content: Content, templatesFolder: string, options: PlanOptions, recipients: readonly (string | Recipient)[]): RecipientPlan {
  const listed = recipients.map((r): Recipient => (typeof r === 'string' ? { name: r } : r));
  const { specs, skipped } = chooseDocuments(content, templatesFolder, { ...options, recipient: listed[0]?.name ?? '' });
  const documents = specs.map((d) => d.id);
  // Each recipient's documents in its own language, else the run's, addressed to its own email.
  const jobs = listed.flatMap(({ name, email, lang }) =>
    planJobs(content, templatesFolder, { ...options, documents, recipient: name, ...(lang ? { lang } : {}) }).map((job) => (email ? { ...job, to: email } : job)),
  );
  return { jobs, documents, skipped };
}
