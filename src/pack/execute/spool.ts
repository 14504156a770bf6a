// A batch's files parked on disk as each job completes, so memory holds the jobs under way and
// not the whole batch (5,000 recipients made 2.4 GB of PDF and DOCX). The spool is a hidden folder
// inside the output folder: the same disk as the outputs, never a RAM-backed /tmp. Nothing a user
// sees changes until the run's one write (output.ts), which reads the parked files one at a time.
import { existsSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OutputError } from '../../errors.js';
import { writeAll, type PendingFile } from '../output/output.js';

export interface Spool {
  /** Parks one job's files at that job's place in the run. */
  add(index: number, files: readonly PendingFile[]): void;
  /** Every parked file, in job order; a file's bytes are read from disk each time they are asked for. */
  files(): PendingFile[];
  /** Removes the spool, and the output folder when the spool created it and nothing else is in it. */
  discard(): void;
}

const PREFIX = '.briefpack-spool-';

export function openSpool(outDir: string): Spool {
  const root = resolve(outDir);
  const created = !existsSync(root);
  // Writing no file checks the output folder and creates it, failing as the run's write would.
  writeAll(outDir, []);
  let dir: string;
  try {
    dir = mkdtempSync(join(root, PREFIX));
  } catch (error) {
    throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}`, { cause: error });
  }
  const parked: { name: string; path: string }[][] = [];
  let count = 0;
  return {
    add(index, files) {
      parked[index] = files.map((file) => {
        const path = join(dir, String(count++));
        try {
          writeFileSync(path, file.bytes);
        } catch (error) {
          throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}`, { cause: error });
        }
        return { name: file.name, path };
      });
    },
    files() {
      return parked.flat().map(({ name, path }) => ({
        name,
        get bytes() {
          return readFileSync(path);
        },
      }));
    },
    discard() {
      rmSync(dir, { recursive: true, force: true });
      if (!created) return;
      try {
        rmdirSync(root);
      } catch {
        // Not empty: the run wrote its files there after all, or someone else did.
      }
    },
  };
}
