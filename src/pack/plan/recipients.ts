// Documents for other delegations: the run's public documents once per recipient ("Prepared for
// …"). This module reads the recipient list and plans the jobs; pool.ts renders them on worker
// threads, and the main thread writes every file at once, so a failure leaves nothing half-written.
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Content } from '../../content/index.js';
import { ContentError, UsageError } from '../../errors.js';
import { exists, readInputText } from '../../files/read.js';
import { chooseDocuments, planJobs, type Job, type PlanOptions } from './plan.js';

const LIST_FILE = /\.(csv|ya?ml)$/i;

/** `--for` names a recipient list when it is a .csv, .yaml or .yml file name. */
export function isRecipientList(value: string): boolean {
  return LIST_FILE.test(value.trim());
}

/** Recipient names from a CSV file (a `name` column under a header row) or a YAML list. */
export function readRecipients(file: string): string[] {
  if (!exists(file)) {
    throw new UsageError('RecipientListNotFound', `No recipient list at ${file}.`, {
      hint: 'Give a .csv file with a `name` column or a .yaml list of names; to name one recipient, pass a name without .csv/.yaml at the end.',
      location: { file },
    });
  }
  const text = readInputText(file, { kind: extname(file).toLowerCase() === '.csv' ? 'csv' : 'yaml' });
  const names = extname(file).toLowerCase() === '.csv' ? fromCsv(text, file) : fromYaml(text, file);
  const unique = [...new Set(names)];
  if (unique.length === 0) throw new ContentError('NoRecipients', `${file} lists no recipients.`, { location: { file } });
  return unique;
}

const clean = (name: string) => name.replace(/[\u0000-\u001F\u007F]/g, ' ').replace(/\s+/g, ' ').trim();

function fromYaml(text: string, file: string): string[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ContentError('RecipientListInvalid', `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { location: { file } });
  }
  if (!Array.isArray(data)) {
    throw new ContentError('RecipientListInvalid', `${file} must be a list of names, or of entries with a name.`, { location: { file }, hint: 'e.g.\n- Delegation of A\n- name: Delegation of B' });
  }
  return data.map((entry, index) => {
    const name = typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !clean(name)) {
      throw new ContentError('RecipientListInvalid', `Entry ${index + 1} of ${file} has no name.`, { location: { file, path: `[${index}].name` } });
    }
    return clean(name);
  });
}

function fromCsv(text: string, file: string): string[] {
  const rows = parseCsv(text);
  const header = rows.shift();
  const column = header?.cells.findIndex((c) => c.trim().toLowerCase() === 'name') ?? -1;
  if (!header || column < 0) {
    throw new ContentError('RecipientListInvalid', `${file} needs a header row with a 'name' column.`, { location: { file, line: 1 } });
  }
  return rows
    .filter((row) => row.cells.some((c) => c.trim()))
    .map((row) => {
      const name = clean(row.cells[column] ?? '');
      if (!name) throw new ContentError('RecipientListInvalid', `Row at line ${row.line} of ${file} has no name.`, { location: { file, line: row.line } });
      return name;
    });
}

/** RFC 4180: commas, double quotes ("" inside quotes), CRLF or LF line ends. */
function parseCsv(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') cells.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      rowLine = ++line;
    } else cell += c;
  }
  if (cell || cells.length) rows.push({ line: rowLine, cells: [...cells, cell] });
  return rows;
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
export function planRecipientJobs(content: Content, templatesFolder: string, options: PlanOptions, recipients: readonly string[]): RecipientPlan {
  const { specs, skipped } = chooseDocuments(content, templatesFolder, { ...options, recipient: recipients[0] ?? '' });
  const documents = specs.map((d) => d.id);
  const jobs = recipients.flatMap((recipient) => planJobs(content, templatesFolder, { ...options, documents, recipient }));
  return { jobs, documents, skipped };
}
