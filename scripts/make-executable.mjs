// The build's last step: tsc writes files without the execute bit, so the `bin` files of
// package.json are made executable here. Without it, in a fresh clone `npx briefpack` answers
// "Permission denied" (npm sets the bit only when it installs a package, not for the project itself).
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Adds the execute bits (where read bits are) to each bin file; a no-op on Windows, which has none. */
export function makeExecutable(root = ROOT) {
  const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const files = typeof bin === 'string' ? [bin] : Object.values(bin ?? {});
  for (const file of files) {
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${file} (a bin of package.json) was not built.`);
    const mode = statSync(path).mode;
    chmodSync(path, mode | ((mode & 0o444) >> 2));
  }
  return files;
}

// Run as a script (`node scripts/make-executable.mjs`), compared as URLs: right in a path with
// spaces (%20 in the URL) and on Windows (file:///C:/...), where a hand-made file:// string is not.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) makeExecutable();
