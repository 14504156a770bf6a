// Output for commands: the CLI alone prints and sets exit codes.
import type { Diagnostic } from '../document/model.js';

export const out = (text: string) => process.stdout.write(`${text}\n`);
export const err = (text: string) => process.stderr.write(`${text}\n`);

export function printDiagnostics(diagnostics: readonly Diagnostic[]) {
  const seen = new Set<string>();
  for (const d of diagnostics) {
    const line = `${d.severity} ${d.code}: ${d.message}${d.source?.file ? ` (${d.source.file}${d.source.line ? `:${d.source.line}` : ''})` : ''}`;
    if (!seen.has(line)) err(line);
    seen.add(line);
  }
}
