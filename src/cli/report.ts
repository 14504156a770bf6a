// The only place that turns errors into text for people (or JSON for scripts), and into exit
// codes: 2 for what the user can fix (their files, their options, a folder they named), 1 only for
// our own failure, which then says how to rerun it with --debug to report it.
import { BriefpackError, InputError, exitCodeFor as typedExitCode, type ErrorLocation, type Stage } from '../errors.js';

const where = (l?: ErrorLocation) => {
  if (!l) return '';
  const place = [l.file, l.line, l.column].filter((x) => x !== undefined && x !== '').join(':');
  return place && l.path ? `${place} (${l.path})` : place || l.path || '';
};

// What the system says when a path the user named cannot be read or written, in words.
const SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'a symbolic link loops back on itself',
  ENAMETOOLONG: 'the name is too long',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
  EMFILE: 'too many files are open',
};

/** A file system error about a path (the user's folder, the disk) as a typed error; others unchanged. */
function typed(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException;
  if (error instanceof BriefpackError || !(error instanceof Error) || typeof e.code !== 'string' || !SYSTEM_ERRORS[e.code] || !e.path) return error;
  return new InputError(`File${e.code}`, `${e.path}: ${SYSTEM_ERRORS[e.code]} (${e.code}${e.syscall ? ` in ${e.syscall}` : ''}).`, {
    hint: 'Check the path and its permissions.',
    location: { file: e.path },
    cause: error,
  });
}

export function exitCodeFor(error: unknown): 1 | 2 {
  return typedExitCode(typed(error));
}

const quoted = (arg: string) => (/^[\w./:=@,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

// Said when an error carries no hint of its own: where to look, by the step that failed.
const STAGE_HINTS: Readonly<Record<Stage, string>> = {
  input: 'Check the file or folder named above.',
  content: 'Fix the pack file named above; `briefpack validate <pack folder>` checks it again.',
  template: 'Fix the template named above (see the templates in templates/ for examples).',
  markdown: 'Fix the template or the rich-text field named above.',
  render: 'Check the options and the theme, or shorten the content named above.',
  config: 'Fix the theme or template-folder file named above.',
  usage: 'Run `briefpack --help` for the options.',
  output: 'Check the output folder (--out).',
};

export function formatError(raw: unknown, debug = false, argv?: readonly string[]): string {
  const error = typed(raw);
  const again = argv ? `briefpack ${[...argv.filter((a) => a !== '--debug'), '--debug'].map(quoted).join(' ')}` : 'the same command with --debug';
  if (!(error instanceof BriefpackError)) {
    const e = error instanceof Error ? error : new Error(String(error));
    return debug
      ? `briefpack failed unexpectedly: ${e.stack ?? e.message}`
      : `briefpack failed unexpectedly (a bug in briefpack, not in your files): ${e.message}\nhint: run \`${again}\` and report what it prints.`;
  }
  const lines = [`error ${error.code}: ${error.message}`];
  if (error.details.length > 1 || (error.details.length === 1 && error.details[0]!.message !== error.message)) {
    for (const d of error.details) {
      lines.push(`  ${where(d.location)}${d.location ? ': ' : ''}${d.message}`);
      if (d.frame && error.details.length <= 5) lines.push(d.frame.replace(/^/gm, '      '));
      if (d.fix && error.details.length > 1) lines.push(`    fix: ${d.fix}`);
    }
  } else {
    if (error.location) lines.push(`  at ${where(error.location)}`);
    if (error.frame) lines.push(error.frame.replace(/^/gm, '    '));
  }
  lines.push(`hint: ${error.hint ?? STAGE_HINTS[error.stage]}`);
  // Exit 1 is ours to mend (a writer's own failure): how to show us what happened.
  if (!debug && typedExitCode(error) === 1) lines.push(`hint: if nothing named above is wrong, it is a bug in briefpack: run \`${again}\` and report what it prints.`);
  if (debug && error.stack) lines.push(error.stack);
  return lines.join('\n');
}

export function errorJson(raw: unknown) {
  const error = typed(raw);
  if (error instanceof BriefpackError) {
    return { ok: false, error: { code: error.code, message: error.message, hint: error.hint ?? null, location: error.location ?? null, details: error.details } };
  }
  return { ok: false, error: { code: 'Unexpected', message: error instanceof Error ? error.message : String(error) } };
}

