// Characters XML 1.0 forbids (document/characters.ts) are removed from the content once, as the
// pack loads, and from text given on the command line (--marking, recipient names) before a
// document is built: no writer ever meets them. Each removal is a warning naming where it was.
import { codePointName, withoutForbidden } from '../document/characters.js';
import type { Diagnostic } from '../document/model.js';

type Path = readonly (string | number)[];

/** A parsed pack file: its data (cleaned in place), its name, and where a path sits in it. */
export interface LoadedFile {
  readonly file: string;
  readonly data: object;
  readonly locate: (path: Path) => { line?: number; column?: number };
}

const listed = (removed: readonly number[]) => {
  const names = [...new Set(removed)].map(codePointName);
  return `${removed.length} character${removed.length === 1 ? '' : 's'} XML cannot hold (${names.slice(0, 16).join(', ')}${names.length > 16 ? ', …' : ''})`;
};

const fieldPath = (path: Path) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');

/** Removes forbidden characters from every string of the files' data; a warning per field. */
export function sanitizeFiles(files: readonly LoadedFile[]): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  for (const { file, data, locate } of files) {
    const visit = (holder: Record<string | number, unknown>, path: Path, owner: string | undefined): void => {
      for (const [key, value] of Object.entries(holder)) {
        const at = [...path, Array.isArray(holder) ? Number(key) : key];
        if (typeof value === 'string') {
          const { text, removed } = withoutForbidden(value);
          if (removed.length === 0) continue;
          holder[key] = text;
          const { line, column } = locate(at);
          warnings.push({
            code: 'ForbiddenCharacters',
            severity: 'warning',
            message: `${owner ? `${owner}, ` : ''}${fieldPath(at)}: removed ${listed(removed)}.`,
            source: { file, ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}) },
          });
        } else if (value && typeof value === 'object') {
          const id = (value as { id?: unknown }).id;
          visit(value as Record<string | number, unknown>, at, typeof id === 'string' ? `'${id}'` : owner);
        }
      }
    };
    visit(data as Record<string, unknown>, [], undefined);
  }
  return warnings;
}

/** The options with forbidden characters removed from the named text fields; a warning per field. */
export function sanitizeOptions<T extends object>(options: T, fields: Readonly<Partial<Record<keyof T, string>>>): { options: T; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  let clean = options;
  for (const [key, label] of Object.entries(fields) as [keyof T & string, string][]) {
    const value = options[key];
    if (typeof value !== 'string') continue;
    const { text, removed } = withoutForbidden(value);
    if (removed.length === 0) continue;
    clean = { ...clean, [key]: text };
    warnings.push({ code: 'ForbiddenCharacters', severity: 'warning', message: `${label}: removed ${listed(removed)}.` });
  }
  return { options: clean, warnings };
}
