// How the CLI reads the delivery options (--for lists, --email) and reports on them.
import { isRecipientList, readRecipients } from '../pack/plan/recipients.js';
import { checkAddresses, type EmailOptions } from '../pack/assemble/email.js';
import { io } from './io.js';

/** The recipients of a `--for` list file; undefined when `--for` names one recipient (or is absent). */
export function recipientsOf(value: string | undefined): string[] | undefined {
  return value && isRecipientList(value) ? readRecipients(value) : undefined;
}

export function emailOf(args: { email?: boolean; emailPdf?: boolean; to?: string }): EmailOptions | undefined {
  if (!args.email && !args.emailPdf && args.to === undefined) return undefined;
  if (args.to !== undefined) checkAddresses(args.to);
  return { ...(args.to ? { to: args.to } : {}), ...(args.emailPdf ? { attachPdf: true } : {}) };
}

/** A progress line redrawn in place on a terminal; nothing when stderr is a file or a pipe. */
export function progressLine(stream: { readonly isTTY?: boolean; write(text: string): unknown } = io().stderr): ((done: number, total: number) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return (done, total) => {
    stream.write(`\r\u001B[2KRendering ${done}/${total} documents…`);
    if (done === total) stream.write('\r\u001B[2K');
  };
}

export function recipientSummary(r: { count: number; documents: readonly string[]; skipped: readonly string[]; workers: number }): string {
  const lines = [
    `Made ${r.documents.join(', ')} for ${r.count} recipient${r.count === 1 ? '' : 's'} (${r.count * r.documents.length} document${r.count * r.documents.length === 1 ? '' : 's'}${r.workers ? `, ${r.workers} worker${r.workers === 1 ? '' : 's'}` : ''}).`,
  ];
  if (r.skipped.length) lines.push(`Documents for a recipient are public only: left out ${r.skipped.join(', ')}.`);
  return lines.join('\n');
}
