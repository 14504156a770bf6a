// What a run reads, checked from the CLI before anything is written: the output folder never lies
// in an input folder (the documents would land among the YAML files and templates, and a second
// run would read them back), and editors' lock files in a pack are named as skipped.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { listFolder, skippedNotes } from '../files/read.js';
import { PACK_FILE } from '../content/load.js';
import { BUNDLED_THEMES } from '../theme/load.js';
import { note } from './io.js';

/** A path with links resolved as far as it exists: an output folder not made yet has none of its own. */
function real(path: string): string {
  const full = resolve(path);
  if (existsSync(full)) return realpathSync(full);
  const parent = dirname(full);
  return parent === full ? full : join(real(parent), basename(full));
}

const within = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

export interface RunFolders {
  readonly out: string;
  readonly data: string;
  readonly templates?: string;
  readonly theme?: string;
}

/** Refuses an --out equal to or inside the pack, the templates folder or the theme's folder. */
export function refuseOutInsideInputs(run: RunFolders): void {
  const isThemeFile = run.theme !== undefined && (run.theme.includes('/') || run.theme.endsWith('.json'));
  const inputs: [string, string][] = [
    ['the pack folder', run.data],
    ['the templates folder', run.templates ?? dirname(BUNDLED_THEMES)],
    ["the theme's folder", isThemeFile ? dirname(run.theme!) : BUNDLED_THEMES],
  ];
  const out = real(run.out);
  for (const [what, folder] of inputs) {
    if (within(real(folder), out)) {
      throw new UsageError('OutInsideInput', `--out ${run.out} is ${real(folder) === out ? '' : 'inside '}${what}${folder === run.out ? '' : ` (${folder})`}; the documents would be written among the files they are made from.`, {
        hint: 'Choose an output folder outside the pack, templates and theme folders, e.g. --out output/<pack>.',
        location: { file: run.out },
      });
    }
  }
}

/** Prints a note for each editor lock or backup file the pack's loading leaves out. */
export function noteSkippedFiles(data: string): void {
  try {
    for (const line of skippedNotes(listFolder(data, PACK_FILE), data)) note(line);
  } catch {
    // A folder that cannot be listed is reported by the loading itself, with its own message.
  }
}
