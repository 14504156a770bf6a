// The output folder is a boundary, and a run's writes are one transaction inside it.
// - Every file is first written to a temporary file created exclusively (never through a link, never
//   over anything) under a random name in the folder itself, so the final rename stays on one disk.
// - Before any target is touched, every target is checked: not a link, not a folder, briefpack's
//   own (see manifest.ts) unless --force, not held open by another program.
// - Then each old file is kept aside, each new one renamed into place, the manifest last; if any
//   step fails, what was there is put back and the temporary files go: all or nothing.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { hostname } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { OutputError } from '../errors.js';
import { buildManifest, MANIFEST, readOwnership, type EntryKind, type ManifestFacts, type ManifestReader, type Ownership } from './manifest.js';

export { MANIFEST, sha256 } from './manifest.js';

export interface PendingFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The file system effects of writing, injected so tests can fail any step (the Nth rename…). */
export interface OutputFs extends ManifestReader {
  /** What --out itself is, following a link: users may point it at a folder elsewhere. */
  folderKind(path: string): EntryKind | undefined;
  mkdir(path: string): void;
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

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

const kindOf = (stats: nodeFs.Stats | undefined): EntryKind | undefined =>
  stats === undefined ? undefined : stats.isSymbolicLink() ? 'link' : stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other';

// O_NOFOLLOW is missing on Windows; there O_EXCL alone refuses an existing name, links included.
const EXCLUSIVE = nodeFs.constants.O_WRONLY | nodeFs.constants.O_CREAT | nodeFs.constants.O_EXCL | (nodeFs.constants.O_NOFOLLOW ?? 0);

export const nodeOutputFs: OutputFs = {
  kind: (path) => kindOf(nodeFs.lstatSync(path, { throwIfNoEntry: false })),
  folderKind: (path) => kindOf(nodeFs.statSync(path, { throwIfNoEntry: false })),
  readFile: (path) => nodeFs.readFileSync(path),
  mkdir: (path) => void nodeFs.mkdirSync(path, { recursive: true }),
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

export interface OutputOptions {
  /** Replace files briefpack did not write (never links or folders). */
  readonly force?: boolean;
  readonly fs?: OutputFs;
}

/**
 * One run's writes into one folder. Stage files as they are ready (a run that streams its results
 * stages each as it completes), then commit once: nothing in the folder changes before commit, and
 * commit changes everything or nothing. After a failure, or when the run gives up, abort.
 */
export interface Output {
  /** Checks the names and writes the bytes to temporary files; refuses a target it may not replace. */
  stage(files: readonly PendingFile[]): void;
  /** Replaces every target at once, the manifest (when facts are given) included; the paths written. */
  commit(manifest?: ManifestFacts): string[];
  /** Removes the temporary files; the folder is as it was. */
  abort(): void;
}

/** Temporary and set-aside files: random, so no one can plant anything under the next name. */
const PREFIX = '.briefpack-';
const randomName = (suffix: string) => `${PREFIX}${randomBytes(12).toString('hex')}.${suffix}`;
/** Held by the run that is replacing files, so two runs into one folder commit one after the other. */
const LOCK = '.briefpack.lock';
const LOCK_WAIT_MS = 50;
const LOCK_TRIES = 200;

/** What Windows says when another program has the file open; EACCES/EPERM also when one may not replace it. */
const HELD = new Set(['EBUSY', 'EPERM', 'EACCES']);

function heldBy(name: string): string {
  if (/\.docx$/i.test(name)) return 'Word';
  if (/\.pdf$/i.test(name)) return 'the PDF viewer';
  return 'the program that has it open';
}

function fileInUse(outDir: string, name: string, cause: unknown): OutputError {
  return new OutputError('FileInUse', `${join(outDir, name)} is open in another program (or you may not replace it), so nothing in ${outDir} was changed.`, {
    hint: `Close ${name} in ${heldBy(name)} and run again.`,
    location: { file: join(outDir, name) },
    cause,
  });
}

function checkName(outDir: string, root: string, name: string): void {
  const target = resolve(root, name);
  const unsafe = name === '' || name === '.' || name === '..' || isAbsolute(name) || /[/\\\0]/.test(name) || basename(target) !== name || target !== join(root, name);
  if (unsafe) throw new OutputError('UnsafeOutputName', `Refusing to write '${name}' outside ${outDir}.`);
  if (name === MANIFEST || name === LOCK || name.startsWith(PREFIX)) {
    throw new OutputError('ReservedOutputName', `'${name}' is a name briefpack keeps for itself in ${outDir}.`);
  }
}

/** Why briefpack may not replace what is at this target now; undefined when it may. */
function refusal(outDir: string, root: string, name: string, ownership: Ownership, options: { force: boolean; fs: OutputFs }): OutputError | undefined {
  const path = join(root, name);
  const shown = join(outDir, name);
  const kind = options.fs.kind(path);
  if (kind === undefined) return undefined;
  if (kind === 'link') {
    return new OutputError('OutputIsLink', `${shown} is a symbolic link; briefpack never writes through a link or replaces one.`, {
      hint: 'Remove the link (or choose another --out folder) and run again.',
      location: { file: shown },
    });
  }
  if (kind !== 'file') {
    return new OutputError('OutputNotFile', `${shown} is a ${kind === 'directory' ? 'folder' : 'special file'}, not a file briefpack can replace.`, {
      hint: 'Move it away, or choose another --out folder.',
      location: { file: shown },
    });
  }
  const ours = name === MANIFEST ? ownership.manifest === 'ours' : ownership.owned.has(name);
  if (!ours && !options.force) {
    const why = ownership.changed.has(name) ? 'has changed since briefpack wrote it (its sha256 no longer matches manifest.json)' : 'exists and was not written by briefpack';
    return new OutputError('WouldOverwrite', `${shown} ${why}.`, {
      hint: 'Move it away, choose another --out folder, or pass --force to overwrite it.',
      location: { file: shown },
    });
  }
  return undefined;
}

/**
 * Takes the folder's commit lock, waiting while another run holds it; a lock whose run died on this
 * machine is taken over. Returns the release.
 */
function lock(outDir: string, dir: string, fs: OutputFs): () => void {
  const path = join(dir, LOCK);
  const mine = new TextEncoder().encode(JSON.stringify({ pid: process.pid, host: hostname() }));
  for (let attempt = 0; attempt < LOCK_TRIES; attempt++) {
    try {
      fs.createExclusive(path, mine);
      return () => {
        try {
          fs.unlink(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw error;
    }
    if (fs.kind(path) !== 'file') {
      throw new OutputError('OutputIsLink', `${join(outDir, LOCK)} is not a lock briefpack made (a link or a folder); briefpack never writes through a link.`, {
        hint: 'Remove it and run again.',
        location: { file: join(outDir, LOCK) },
      });
    }
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(new TextDecoder().decode(fs.readFile(path))) as typeof holder;
    } catch {
      // Being written, or not ours to read: wait like for any holder.
    }
    if (holder.host === hostname() && typeof holder.pid === 'number' && !fs.alive(holder.pid)) {
      try {
        fs.unlink(path);
      } catch {
        // Another run took it over first.
      }
      continue;
    }
    fs.pause(LOCK_WAIT_MS);
  }
  throw new OutputError('OutputBusy', `Another briefpack run is writing into ${outDir}.`, {
    hint: `Run again when it has finished; if none is running, remove ${join(outDir, LOCK)}.`,
    location: { file: join(outDir, LOCK) },
  });
}

/** Staged manifests (`.briefpack-*.tmp` holding JSON) of runs killed while replacing files. */
function interruptedManifests(dir: string, fs: OutputFs, ours: readonly Staged[]): string[] {
  const staging = new Set(ours.map((s) => basename(s.temporary)));
  return fs.list(dir).filter((name) => name.startsWith(PREFIX) && name.endsWith('.tmp') && !staging.has(name));
}

interface Staged {
  readonly name: string;
  readonly temporary: string;
}

export function openOutput(outDir: string, options: OutputOptions = {}): Output {
  const fs = options.fs ?? nodeOutputFs;
  const force = options.force ?? false;
  const wanted = resolve(outDir);
  const staged: Staged[] = [];
  const names = new Map<string, string>();
  let root: string | undefined;
  let ownership: Ownership | undefined;
  let finished = false;

  const folder = (): string => {
    if (root !== undefined) return root;
    const kind = fs.folderKind(wanted);
    if (kind !== undefined && kind !== 'directory') {
      throw new OutputError('OutputNotFolder', `The output folder ${outDir} is a file.`, {
        hint: 'Give --out a folder (it is created when missing), or move the file away.',
        location: { file: outDir },
      });
    }
    try {
      fs.mkdir(wanted);
      // Every later path is built from the real folder, so a link swapped in above it later is not followed.
      root = fs.realpath(wanted);
    } catch (error) {
      throw new OutputError('OutputNotWritable', `Could not create the output folder ${outDir}: ${(error as Error).message}`, {
        hint: 'Check the path given to --out and the permissions of its parent folders.',
        location: { file: outDir },
        cause: error,
      });
    }
    return root;
  };

  const removeTemporary = () => {
    for (const s of staged.splice(0)) {
      try {
        fs.unlink(s.temporary);
      } catch {
        // Already gone (a rename moved it, or someone removed it): nothing of ours is left there.
      }
    }
  };

  const writeTemporary = (dir: string, bytes: Uint8Array): string => {
    for (let attempt = 0; ; attempt++) {
      const temporary = join(dir, randomName('tmp'));
      try {
        fs.createExclusive(temporary, bytes);
        return temporary;
      } catch (error) {
        // Someone holds that random name already: take another, a few times, never theirs.
        if (errnoOf(error) !== 'EEXIST' || attempt >= 4) throw error;
      }
    }
  };

  const add = (name: string, bytes: Uint8Array) => {
    const dir = folder();
    // Two files of one run under one name, or names that differ only in case (one file on Windows
    // and macOS), would replace each other.
    const key = name.toLowerCase();
    const earlier = names.get(key);
    if (earlier !== undefined) {
      throw new OutputError('OutputNameCollision', `Two files of this run would both be written as ${join(outDir, name)}${earlier === name ? '' : ` (and ${earlier})`}.`, {
        hint: 'Give the documents or recipients names that differ by more than letter case.',
      });
    }
    names.set(key, name);
    try {
      staged.push({ name, temporary: writeTemporary(dir, bytes) });
    } catch (error) {
      throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}`, { cause: error });
    }
  };

  const guard = <T>(step: () => T): T => {
    if (finished) throw new Error('This output was already committed or aborted.');
    try {
      return step();
    } catch (error) {
      removeTemporary();
      finished = true;
      throw error;
    }
  };

  return {
    stage: (files) =>
      guard(() => {
        for (const file of files) checkName(outDir, resolve(outDir), file.name);
        const dir = folder();
        ownership ??= readOwnership(dir, fs, interruptedManifests(dir, fs, staged));
        // Refused early, so a long run stops before rendering the rest; checked again at commit.
        for (const file of files) {
          const refused = refusal(outDir, dir, file.name, ownership, { force, fs });
          if (refused) throw refused;
        }
        for (const file of files) add(file.name, file.bytes);
      }),
    commit: (manifest) =>
      guard(() => {
        const dir = folder();
        const release = lock(outDir, dir, fs);
        try {
          // Read again under the lock: the run may have taken a while, and the folder is shared.
          const now = readOwnership(dir, fs, interruptedManifests(dir, fs, staged));
          if (manifest) add(MANIFEST, buildManifest(manifest, now));
          for (const s of staged) {
            const refused = refusal(outDir, dir, s.name, now, { force, fs });
            if (refused) throw refused;
            const target = join(dir, s.name);
            if (fs.kind(target) === undefined) continue;
            try {
              fs.probe(target);
            } catch (error) {
              if (HELD.has(errnoOf(error) ?? '')) throw fileInUse(outDir, s.name, error);
              throw error;
            }
          }
          const written = replaceAll(outDir, dir, staged, fs);
          staged.length = 0;
          finished = true;
          return written;
        } finally {
          release();
        }
      }),
    abort: () => {
      removeTemporary();
      finished = true;
    },
  };
}

interface Replacement {
  readonly name: string;
  readonly target: string;
  readonly temporary: string;
  aside?: string;
  /** Set aside by renaming (no hard links on this file system): the target is gone until restored. */
  moved?: boolean;
  replaced?: boolean;
}

/** Each old file set aside, each new one renamed into place (manifest last); undone on any failure. */
function replaceAll(outDir: string, dir: string, staged: readonly Staged[], fs: OutputFs): string[] {
  const steps: Replacement[] = staged.map((s) => ({ name: s.name, target: join(dir, s.name), temporary: s.temporary }));
  // The manifest goes last: while it is old, the files it vouches for are old too.
  steps.sort((a, b) => Number(a.name === MANIFEST) - Number(b.name === MANIFEST));
  let current: Replacement | undefined;
  try {
    for (const step of steps) {
      current = step;
      if (fs.kind(step.target) === undefined) continue;
      const aside = join(dir, randomName('old'));
      try {
        // A second name for the old file: the target stays in place until the rename replaces it.
        fs.link(step.target, aside);
      } catch {
        fs.rename(step.target, aside);
        step.moved = true;
      }
      step.aside = aside;
    }
    for (const step of steps) {
      current = step;
      fs.rename(step.temporary, step.target);
      step.replaced = true;
    }
  } catch (error) {
    const unrestored = restore(steps, fs);
    if (unrestored.length > 0) {
      throw new OutputError('RestoreFailed', `Writing into ${outDir} failed (${(error as Error).message}) and some earlier files could not be put back.`, {
        hint: `Their earlier versions are kept: ${unrestored.map((u) => `${u.name} as ${basename(u.aside ?? '')}`).join(', ')}. Rename them back by hand.`,
        cause: error,
      });
    }
    if (current && HELD.has(errnoOf(error) ?? '')) throw fileInUse(outDir, current.name, error);
    throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}. Nothing in it was changed.`, { cause: error });
  }
  for (const step of steps) {
    if (step.aside === undefined) continue;
    try {
      fs.unlink(step.aside);
    } catch {
      // The run is written; an old copy left under a hidden name is harmless.
    }
  }
  return staged.map((s) => join(resolve(outDir), s.name));
}

/** Puts back what was there before; returns the steps whose old file could not be. */
function restore(steps: readonly Replacement[], fs: OutputFs): Replacement[] {
  const failed: Replacement[] = [];
  for (const step of [...steps].reverse()) {
    const putBack = step.aside !== undefined && (step.replaced || step.moved);
    try {
      if (putBack) fs.rename(step.aside!, step.target);
      else if (step.aside !== undefined) fs.unlink(step.aside);
      else if (step.replaced) fs.unlink(step.target);
    } catch {
      if (putBack) failed.push(step);
    }
    try {
      if (!step.replaced) fs.unlink(step.temporary);
    } catch {
      // Not written yet, or already gone.
    }
  }
  return failed;
}

/** Stage and commit in one go, for a run that has every file at hand. */
export function writeAll(outDir: string, files: readonly PendingFile[], options: OutputOptions & { manifest?: ManifestFacts } = {}): string[] {
  const output = openOutput(outDir, options);
  output.stage(files);
  return output.commit(options.manifest);
}
