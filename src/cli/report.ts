// The only place that turns errors into text for people (or JSON for scripts).
import { BriefpackError, exitCodeFor, type ErrorLocation } from '../errors.js';

const where = (l?: ErrorLocation) => {
  if (!l) return '';
  const place = [l.file, l.line, l.column].filter((x) => x !== undefined && x !== '').join(':');
  return place && l.path ? `${place} (${l.path})` : place || l.path || '';
};

export function formatError(error: unknown, debug = false): string {
  if (!(error instanceof BriefpackError)) {
    const e = error instanceof Error ? error : new Error(String(error));
    return debug ? `briefpack failed unexpectedly: ${e.stack ?? e.message}` : `briefpack failed unexpectedly: ${e.message}\n(run again with --debug for the stack trace)`;
  }
  const lines = [`error ${error.code}: ${error.message}`];
  if (error.details.length > 1 || (error.details.length === 1 && error.details[0]!.message !== error.message)) {
    for (const d of error.details) {
      lines.push(`  ${where(d.location)}${d.location ? ': ' : ''}${d.message}`);
      if (d.frame && error.details.length <= 5) lines.push(d.frame.replace(/^/gm, '      '));
    }
  } else {
    if (error.location) lines.push(`  at ${where(error.location)}`);
    if (error.frame) lines.push(error.frame.replace(/^/gm, '    '));
  }
  if (error.hint) lines.push(`hint: ${error.hint}`);
  if (debug && error.stack) lines.push(error.stack);
  return lines.join('\n');
}

export function errorJson(error: unknown) {
  if (error instanceof BriefpackError) {
    return { ok: false, error: { code: error.code, message: error.message, hint: error.hint ?? null, location: error.location ?? null, details: error.details } };
  }
  return { ok: false, error: { code: 'Unexpected', message: error instanceof Error ? error.message : String(error) } };
}

export { exitCodeFor };
