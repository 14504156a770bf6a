// The file system effects of writing into the output folder, in one place so tests can replace
// any of them (fail the Nth rename, never wait for a lock), and the names briefpack keeps there.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import type { EntryKind, ManifestReader } from './manifest.js';

/** The file system effects of writing, injected so tests can fail any step (the Nth rename…). */
export interface OutputFs extends ManifestReader {
  /** What --out itself is, following a link: users may point it at a folder elsewhere. */
  folderKind(path: string): EntryKind | undefined;
  mkdir(path: string): void;
  /** Removes an empty folder; fails when anything is in it. */
  rmdir(path: string): void;
  realpath(path: string): string;
  /** Creates a new file and writes it; fails (EEXIST) if anything, a link included, has that name. */
  createExclusive(path: string, bytes: Uint8Array): void;
  link(existing: string, created: string): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** Throws if another program holds the file so it cannot be replaced (Windows); else nothing. */
  probe(path: string): void;
  list(path: string): string[];
  /** Waits, blocking: a commit is synchronous from its lock to its last rename. */
  pause(ms: number): void;
  /** Whether a process of this machine with that id still runs (for a lock left by a killed run). */
  alive(pid: number): boolean;
}

export const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

const kindOf = (stats: nodeFs.Stats | undefined): EntryKind | undefined =>
  stats === undefined ? undefined : stats.isSymbolicLink() ? 'link' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';

// O_NOFOLLOW is missing on Windows; there O_EXCL alone refuses an existing name, links included.
const EXCLUSIVE = nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL | (nodeFs.constants.O_NOFOLLOW ?? 0);

export const nodeOutputFs: OutputFs = {
  kind: (path) => kindOf(nodeFs.lstatSync(path, { throwIfNoEntry: false })),
  folderKind: (path) => kindOf(nodeFs.statSync(path, { throwIfNoEntry: false })),
  readFile: (path) => nodeFs.readFileSync(path),
  mkdir: (path) => void nodeFs.mkdirSync(path, { recursive: true }),
  rmdir: (path) => nodeFs.rmdirSync(path),
  realpath: (path) => nodeFs.realpathSync(path),
  createExclusive: (path, bytes) => {
    const fd = nodeFs.openSync(path, EXCLUSIVE, 0o666);
    try {
      for (let at = 0; at < bytes.byteLength; ) at += nodeFs.writeSync(fd, bytes, at);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
  link: (existing, created) => nodeFs.linkSync(existing, created),
  rename: (from, to) => nodeFs.renameSync(from, to),
  unlink: (path) => nodeFs.unlinkSync(path),
  // Word and most PDF viewers on Windows open files without sharing write access: opening for
  // writing (and closing at once, changing nothing) is how to learn that before replacing anything.
  // Elsewhere a rename replaces a file whoever has it open, so there is nothing to ask.
  probe: (path) => {
    if (process.platform === 'win32') nodeFs.closeSync(nodeFs.openSync(path, 'r+'));
  },
  list: (path) => nodeFs.readdirSync(path),
  pause: (ms) => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
  alive: (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return errnoOf(error) !== 'ESRCH';
    }
  },
};

/** Temporary and set-aside files: random, so no one can plant anything under the next name. */
export const PREFIX = '.briefpack-';
export const randomName = (suffix: string) => `${PREFIX}${randomBytes(12).toString('hex')}.${suffix}`;
