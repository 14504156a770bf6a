// Pack content a long-lived process keeps: loaded again only when a file of the pack changed. The
// key is what the folder holds and each YAML file's size, modification time and inode (an editor's
// atomic save makes a new inode), read with one stat per file: no file is read to find out.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadContent, type Content } from '../content/index.js';
import { PACK_FILE } from '../content/load.js';

export interface ContentCache {
  load(folder: string): Content;
  readonly stats: { hits: number; misses: number };
}

/** The folder's YAML files as one string of name, size, mtime and inode; undefined when unreadable. */
function signature(folder: string): string | undefined {
  try {
    return readdirSync(folder)
      .filter((name) => PACK_FILE.test(name))
      .sort()
      .map((name) => {
        const s = statSync(join(folder, name), { bigint: true });
        return `${name}:${s.size}:${s.mtimeNs}:${s.ino}`;
      })
      .join('|');
  } catch {
    return undefined;
  }
}

export function contentCache(): ContentCache {
  const kept = new Map<string, { signature: string; content: Content }>();
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    load(folder) {
      // Messages name files relative to the working folder: a different one is a different load.
      const key = `${process.cwd()}\0${resolve(folder)}`;
      const now = signature(resolve(folder));
      const found = kept.get(key);
      if (now !== undefined && found?.signature === now) {
        stats.hits++;
        return found.content;
      }
      stats.misses++;
      kept.delete(key);
      // Errors are not kept: a pack that fails to load is read again next time.
      const content = loadContent(folder);
      // Signed before loading: a file saved during the load is seen as a change next time.
      if (now !== undefined) kept.set(key, { signature: now, content });
      return content;
    },
  };
}
