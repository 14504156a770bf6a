// Pack content a long-lived process keeps, file by file. Each YAML file is known by its size,
// modification time and inode (an editor's atomic save makes a new inode), read with one stat per
// file: no file is read to find out. A file that changed is read and validated again on its own;
// the others are taken as they were parsed. What holds across files (one `pack:` section, unique
// ids, references between files) is checked again on every load that saw a change, by the same
// `loadContent` a one-shot run uses. When no file changed, the content of the last load is kept whole.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadContent, type Content } from '../content/index.js';
import { PACK_FILE, readPackFile, type PackFile } from '../content/load.js';

export interface ContentStats {
  /** Loads answered with the pack's last content (no file changed). */
  hits: number;
  /** Loads that put the pack together again. */
  misses: number;
  /** Files read and validated again, and files taken as parsed before, on those loads. */
  filesRead: number;
  filesKept: number;
}

export interface ContentCache {
  load(folder: string): Content;
  readonly stats: ContentStats;
}

/** Each YAML file of the folder with its name, size, mtime and inode; undefined when the folder is unreadable. */
function signatures(folder: string): Map<string, string> | undefined {
  try {
    const names = readdirSync(folder).filter((name) => PACK_FILE.test(name)).sort();
    return new Map(
      names.map((name) => {
        const s = statSync(join(folder, name), { bigint: true });
        return [name, `${name}:${s.size}:${s.mtimeNs}:${s.ino}`];
      }),
    );
  } catch {
    return undefined;
  }
}

export function contentCache(): ContentCache {
  const packs = new Map<string, { signature: string; content: Content }>();
  const files = new Map<string, { signature: string; parsed: PackFile }>();
  const stats: ContentStats = { hits: 0, misses: 0, filesRead: 0, filesKept: 0 };
  return {
    stats,
    load(folder) {
      // Messages name files relative to the working folder: a different one is a different load.
      const root = resolve(folder);
      const key = `${process.cwd()}\0${root}`;
      // Stated before reading: a file saved during the load is seen as a change next time.
      const now = signatures(root);
      const signature = now && [...now.values()].join('|');
      const found = packs.get(key);
      if (signature !== undefined && found?.signature === signature) {
        stats.hits++;
        return found.content;
      }
      stats.misses++;
      packs.delete(key);
      const fileKey = (name: string) => `${key}\0${name}`;
      // Files gone from the folder are forgotten.
      for (const k of files.keys()) if (k.startsWith(`${key}\0`) && !now?.has(k.slice(key.length + 1))) files.delete(k);
      const content = loadContent(folder, (at, name, problems) => {
        const kept = files.get(fileKey(name));
        const stated = now?.get(name);
        if (stated !== undefined && kept?.signature === stated) {
          stats.filesKept++;
          return kept.parsed;
        }
        stats.filesRead++;
        const parsed = readPackFile(at, name, problems);
        // A file with problems is not kept: it is read again (and its problems reported) next time.
        if (parsed && stated !== undefined) files.set(fileKey(name), { signature: stated, parsed });
        else files.delete(fileKey(name));
        return parsed;
      });
      // Errors across files are thrown above and not kept: the pack is put together again next time.
      if (signature !== undefined) packs.set(key, { signature, content });
      return content;
    },
  };
}
