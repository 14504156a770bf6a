// Typed errors: each carries a permanent code, a message saying what happened, a hint saying what
// to do, and where. Only the CLI turns them into exit codes and text (src/cli/).

export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Path to the field inside the file, e.g. items[3].topics[0]. */
  readonly path?: string;
}

export interface ErrorDetail {
  readonly message: string;
  readonly location?: ErrorLocation;
  /** A few lines of the file around the location, for YAML and template errors. */
  readonly frame?: string;
  /** What to change, in the author's words ("put the text in quotes: …"). */
  readonly fix?: string;
}

export interface BriefpackErrorOptions {
  readonly hint?: string;
  readonly location?: ErrorLocation;
  readonly frame?: string;
  /** Several problems found at once (schema validation reports all of them). */
  readonly details?: readonly ErrorDetail[];
  readonly cause?: unknown;
}

export type Stage = 'input' | 'content' | 'template' | 'markdown' | 'render' | 'config' | 'usage' | 'output';

export class BriefpackError extends Error {
  readonly code: string;
  readonly stage: Stage;
  readonly hint?: string;
  readonly location?: ErrorLocation;
  readonly frame?: string;
  readonly details: readonly ErrorDetail[];

  constructor(stage: Stage, code: string, message: string, options: BriefpackErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BriefpackError';
    this.stage = stage;
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
    this.frame = options.frame;
    this.details = options.details ?? [];
  }
}

/** A file that cannot be read as what it should be: a folder, a FIFO, a link out of its folder, too large. */
export class InputError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('input', code, message, options);
    this.name = 'InputError';
  }
}
/** Bad pack data: YAML syntax, schema, references between files. */
export class ContentError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('content', code, message, options);
    this.name = 'ContentError';
  }
}
/** A template that does not compile, or fails while running. */
export class TemplateError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('template', code, message, options);
    this.name = 'TemplateError';
  }
}
/** Markdown a template produced that the document model cannot hold. */
export class MarkdownError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('markdown', code, message, options);
    this.name = 'MarkdownError';
  }
}
/** A writer failed, or the content cannot be laid out as asked (e.g. a page budget). */
export class RenderError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('render', code, message, options);
    this.name = 'RenderError';
  }
}
/** Theme or pack configuration. */
export class ConfigError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('config', code, message, options);
    this.name = 'ConfigError';
  }
}
/** Options that do not fit: unknown topic, document, format. */
export class UsageError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('usage', code, message, options);
    this.name = 'UsageError';
  }
}
/**
 * Writing files: refusing to overwrite, paths outside the output folder.
 * @public (thrown to library callers; knip misses its uses in pack/output)
 */
export class OutputError extends BriefpackError {
  constructor(code: string, message: string, options?: BriefpackErrorOptions) {
    super('output', code, message, options);
    this.name = 'OutputError';
  }
}

/** 2 for anything the user can fix in their input or options; 1 for our own failures. */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (error instanceof BriefpackError) return error.stage === 'render' && error.code === 'WriterFailed' ? 1 : 2;
  return 1;
}

/** The nearest of `choices` to `wanted`, for "did you mean" hints. */
export function nearest(wanted: string, choices: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = wanted.toLowerCase();
  for (const choice of choices) {
    const d = editDistance(w, choice.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = choice;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(w.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** "Valid choices: a, b, c. Did you mean b?"; the guess may come from more names than are listed (a topic's title and aliases). */
export function choicesHint(wanted: string, choices: readonly string[], names: readonly string[] = choices): string {
  const near = nearest(wanted, names);
  return `Valid choices: ${choices.join(', ')}.${near ? ` Did you mean '${near}'?` : ''}`;
}

/** How much of a line a code frame shows: a 100,000-character line would otherwise fill the terminal. */
const FRAME_WIDTH = 100;

/** A few lines of a file around a position, with a caret under the column; long lines are cut around it. */
export function codeFrame(text: string, line: number, column: number): string {
  const lines = text.split(/\r?\n/, line + 1);
  const from = Math.max(1, line - 2);
  const to = Math.min(lines.length, line + 1);
  const width = String(to).length;
  // One window for every line, so the lines above and below stay aligned with the caret.
  const start = Math.max(0, column - 1 - Math.floor(FRAME_WIDTH / 2));
  const clip = (l: string) => (start > 0 && l.length > start ? '…' : '') + l.slice(start, start + FRAME_WIDTH) + (l.length > start + FRAME_WIDTH ? '…' : '');
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${clip(lines[n - 1] ?? '')}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, column - 1 - start + (start > 0 ? 1 : 0)))}^`);
  }
  return out.join('\n');
}
