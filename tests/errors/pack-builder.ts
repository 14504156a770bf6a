// Packs made from code for the hostile-content tests: a valid minimal pack plus whatever a test adds.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface PackParts {
  readonly pack?: Record<string, unknown>;
  readonly topics?: Record<string, unknown>[];
  readonly items?: Record<string, unknown>[];
  readonly agenda?: Record<string, unknown>[];
  readonly people?: Record<string, unknown>[];
  readonly glossary?: Record<string, unknown>[];
  readonly sources?: Record<string, unknown>[];
  readonly documents?: Record<string, unknown>[];
}

export const BASE_PACK = {
  title: 'Test pack',
  meeting: { name: 'A meeting', start: '2025-03-18' },
  preparedFor: { name: 'The chair' },
  preparedBy: { name: 'The secretariat' },
  date: '2025-03-11',
  locale: 'en-GB',
};

/** Writes the parts as pack.yaml in a fresh folder under `name` and returns the folder. */
export function writePack(parts: PackParts, name = 'pack'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bp-hostile-')), name);
  mkdirSync(dir);
  const { pack, ...rest } = parts;
  const doc = { pack: { ...BASE_PACK, ...pack }, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
  writeFileSync(join(dir, 'pack.yaml'), stringify(doc, { lineWidth: 0 }));
  return dir;
}

/** Whitespace falls wherever lines break: compare text without it. */
export const bare = (s: string) => s.replace(/\s+/g, '');
/** What a literal value prints as: control characters dropped, whitespace folded. */
export const printed = (value: string) =>
  value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').replace(/\s+/g, ' ').trim();
