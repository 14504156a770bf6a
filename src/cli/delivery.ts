// How the CLI reads the delivery options (--for lists, --email) and reports on them.
import { isRecipientList, readRecipientList, type Recipient } from '../pack/plan/recipients.js';
import { checkAddresses, type EmailOptions } from '../pack/plan/email.js';
import { count, io, level } from './io.js';

/** The recipients of a `--for` list file; undefined when `--for` names one recipient (or is absent). */
export function recipientsOf(value: string | undefined): Recipient[] | undefined {
  return value && isRecipientList(value) ? readRecipientList(value) : undefined;
}

export function emailOf(args: { email?: boolean; emailPdf?: boolean; to?: string }): EmailOptions | undefined {
  if (!args.email && !args.emailPdf && args.to === undefined) return undefined;
  if (args.to !== undefined) checkAddresses(args.to);
  return { ...(args.to ? { to: args.to } : {}), ...(args.emailPdf ? { attachPdf: true } : {}) };
}

type Stream = { readonly isTTY?: boolean; write(text: string): unknown };
/** Progress is for a person at a terminal: not when stderr is a file or a pipe, nor with --quiet. */
const watching = (stream: Stream) => stream.isTTY === true && level() !== 'quiet';

const seconds = (ms: number) => (ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);

/**
 * A progress line for a recipient list, redrawn in place, with the time left at the pace so far;
 * nothing when stderr is a file or a pipe, or with --quiet.
 */
export function progressLine(stream: Stream = io().stderr, now: () => number = performance.now.bind(performance)): ((done: number, total: number) => void) | undefined {
  if (!watching(stream)) return undefined;
  const start = now();
  return (done, total) => {
    const elapsed = now() - start;
    const left = done > 0 && done < total ? `, about ${seconds((elapsed / done) * (total - done))} left` : '';
    stream.write(`\r\u001B[2KRendering ${done}/${total} documents${left}…`);
    if (done === total) stream.write('\r\u001B[2K');
  };
}

/** A line per document of a pack as it is done (pages, time it took), at a terminal only. */
export function documentProgress(stream: Stream = io().stderr, now: () => number = performance.now.bind(performance)) {
  if (!watching(stream)) return undefined;
  let last = now();
  return (d: { base: string; pages: number | null; done: number; total: number }) => {
    const at = now();
    stream.write(`[${d.done}/${d.total}] ${d.base}${d.pages !== null ? `  ${count(d.pages, 'page')}` : ''}  ${seconds(at - last)}\n`);
    last = at;
  };
}

/** One line per document that fitting trimmed: what went, to fit which budget. */
export function trimmedLines(files: readonly { file: string; pages: number | null; options: { budget: number | null; trimmed?: readonly string[] } }[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of files) {
    const base = f.file.replace(/\.[^.]+$/, '');
    if (!f.options.trimmed?.length || seen.has(base)) continue;
    seen.add(base);
    lines.push(`  ${base}: left out ${f.options.trimmed.join(', ')} to fit ${count(f.options.budget ?? 0, 'page')}`);
  }
  return lines;
}

export function recipientSummary(r: { count: number; documents: readonly string[]; skipped: readonly string[]; workers: number }): string {
  const lines = [
    `Made ${r.documents.join(', ')} for ${count(r.count, 'recipient')} (${count(r.count * r.documents.length, 'document')}${r.workers ? `, ${count(r.workers, 'worker')}` : ''}).`,
  ];
  if (r.skipped.length) lines.push(`Documents for a recipient are public only: left out ${r.skipped.join(', ')}.`);
  return lines.join('\n');
}
