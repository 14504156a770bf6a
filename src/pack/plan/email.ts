// What a run's email drafts are asked to be, checked with the other options before anything renders.
import { createRequire } from 'node:module';
import { UsageError } from '../../errors.js';
import type { Format } from '../../write/index.js';

export interface EmailOptions {
  /** Address for the To: header; left empty for the user to fill in. */
  readonly to?: string;
  /** Attach the PDF as well as the DOCX. */
  readonly attachPdf?: boolean;
}

/** A draft carries the DOCX (and the PDF if asked): those formats must be part of the run. */
export function checkEmailFormats(formats: readonly Format[], options: EmailOptions): void {
  const needed: Format[] = ['docx', ...(options.attachPdf ? (['pdf'] as const) : [])];
  const missing = needed.filter((f) => !formats.includes(f));
  if (missing.length) {
    throw new UsageError('EmailNeedsFormat', `The email draft attaches the ${needed.join(' and ').toUpperCase()}, but --format leaves out ${missing.join(', ')}.`, {
      hint: `Add ${missing.join(', ')} to --format, e.g. --format ${[...new Set([...formats, ...missing])].join(',')}.`,
    });
  }
}

// The part of an address after the parser has taken it apart: one word before the @, a domain after.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*$/u;

/**
 * The addresses of a To: line, checked with the mail library's own parser. A line break (which
 * would start a new header, e.g. a hidden Bcc:), a control character or anything the parser does
 * not read as an address is refused rather than dropped: the draft would go elsewhere than typed.
 * `field` names where the addresses were typed (the option, or the page's field).
 */
export function checkAddresses(to: string, field = '--to'): string[] {
  const refuse = (why: string) =>
    new UsageError('BadAddress', `${field} ${JSON.stringify(to)} is not a list of email addresses: ${why}.`, {
      hint: `Give one address or several separated by commas, e.g. ${field} desk@example.org or ${field} "Desk <desk@example.org>, team@example.org".`,
    });
  if (/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(to)) throw refuse('it holds a line break or control character');
  const parse = createRequire(import.meta.url)('nodemailer/lib/addressparser') as typeof import('nodemailer/lib/addressparser/index.js');
  const addresses = parse(to, { flatten: true });
  if (addresses.length === 0) throw refuse('it names no address');
  const bad = addresses.find((a) => !ADDRESS.test(a.address));
  if (bad) throw refuse(`'${bad.address || bad.name}' is not an address`);
  return addresses.map((a) => a.address);
}
