// Output for commands: the CLI alone prints and sets exit codes. Where it prints, which folder it
// works in and which environment it reads are one `CliIo`, given to `main` (process streams by
// default, so tests run the CLI in-process). Every line passes through `terminalSafe`: a pack file
// or a file name can hold escape sequences, and none of them may reach the user's terminal.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Diagnostic } from '../document/model.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** The working folder relative paths are read against. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env });

const current = new AsyncLocalStorage<CliIo>();

/** Runs `work` with `io` as the CLI's output, folder and environment. */
export function withIo<T>(io: CliIo, work: () => Promise<T>): Promise<T> {
  return current.run(io, work);
}

/** The io of the command being run. */
export const io = (): CliIo => current.getStore() ?? processIo();

// C0 controls except tab and line feed, DEL, C1 controls, and the bidirectional overrides that
// reorder what a line appears to say.
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Text with every control character shown as an escape (`\x1b`, `\u202e`), so it prints as typed and does nothing. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    // From DEL up, the \u form: it is also a valid escape inside the JSON that --json prints.
    return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export const out = (text: string) => io().stdout.write(`${terminalSafe(text)}\n`);
export const err = (text: string) => io().stderr.write(`${terminalSafe(text)}\n`);

/** How much a run says: `quiet` only warnings, errors and what a command was asked for; `verbose` also how it went. */
export type Verbosity = 'quiet' | 'normal' | 'verbose';
const verbosity = new AsyncLocalStorage<Verbosity>();

/** Runs `work` at a verbosity (from --quiet / --verbose). */
export const withVerbosity = <T>(level: Verbosity, work: () => Promise<T>): Promise<T> => verbosity.run(level, work);
export const level = (): Verbosity => verbosity.getStore() ?? 'normal';

/** A line about the run (what was written, notes): stdout, not with --quiet. */
export const info = (text: string) => {
  if (level() !== 'quiet') out(text);
};
/** A note on stderr (a skipped file), not with --quiet. */
export const note = (text: string) => {
  if (level() !== 'quiet') err(text);
};
/** A line only --verbose prints (timings, folders read), on stderr. */
export const detail = (text: string) => {
  if (level() === 'verbose') err(text);
};

/** "1 source", "2 sources": a count with its noun, singular for one. */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The version of the --json contract (README, "--json"). Every command prints one envelope:
 * `{ schemaVersion, command, ok, warnings, ... }`, with `error` when ok is false. A field is only
 * ever added within a version; renaming or removing one makes the next.
 */
export const JSON_SCHEMA_VERSION = 1;

const warningJson = (d: Diagnostic) => ({ code: d.code, severity: d.severity, message: d.message, ...(d.source?.file ? { file: d.source.file, line: d.source.line ?? null } : {}) });

/** Prints a command's result as the --json envelope. */
export function jsonResult(command: string, data: Record<string, unknown>, warnings: readonly Diagnostic[] = []): void {
  out(JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, command, ok: true, warnings: warnings.map(warningJson), ...data }, null, 2));
}

export function printDiagnostics(diagnostics: readonly Diagnostic[]) {
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const line = `${d.severity} ${d.code}: ${d.message}${d.source?.file ? ` (${d.source.file}${d.source.line ? `:${d.source.line}` : ''})` : ''}`;
    if (!seen.has(line)) err(line);
    seen.add(line);
  }
}
