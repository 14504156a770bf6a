// The output folder is a boundary, and a run's writes are one transaction inside it.
// - Every file is first written to a temporary file created exclusively (never through a link, never
//   over anything) under a random name in the folder itself, so the final rename stays on one disk.
// - Before any target is touched, every target is checked: not a link, not a folder, briefpack's
//   own (see manifest.ts) unless --force, not held open by another program.
// - Then, one run at a time, each old file is kept aside, each new one renamed into place, the
//   manifest last; if any step fails, what was there is put back and the temporary files go: all
//   or nothing (output-commit.ts).
import { basename, isAbsolute, join, resolve } from 'node:path';
import { OutputError } from '../../errors.js';
import { buildManifest, MANIFEST, readOwnership, type ManifestFacts, type Ownership } from './manifest.js';
import { fileInUse, HELD, LOCK, lock, replaceAll, type Staged } from './commit.js';
import { errnoOf, nodeOutputFs, PREFIX, randomName, type OutputFs } from './fs.js';

export { MANIFEST, sha256 } from './manifest.js';
export { nodeOutputFs, type OutputFs } from './fs.js';

export interface PendingFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface OutputOptions {
  /** Replace files briefpack did not write (never links or folders). */
  readonly force?: boolean;
  readonly fs?: OutputFs;
}

/**
 * One run's writes into one folder. Stage files as they are ready (a run that streams its results
 * stages each as it completes), then commit once: nothing in the folder changes before commit, and
 * commit changes everything or nothing. After a failure, or when the run gives up, abort: the
 * folder is as it was, and is gone again when staging created it.
 */
export interface Output {
  /** Checks the names and writes the bytes to temporary files; refuses a target it may not replace. */
  stage(files: readonly PendingFile[]): void;
  /** Replaces every target at once, the manifest (when facts are given) included; the paths written. */
  commit(manifest?: ManifestFacts): string[];
  /** Removes the temporary files; the folder is as it was. */
  abort(): void;
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

/** Staged manifests (`.briefpack-*.tmp` holding JSON) of runs killed while replacing files. */
function interruptedManifests(dir: string, fs: OutputFs, ours: readonly Staged[]): string[] {
  const staging = new Set(ours.map((s) => basename(s.temporary)));
  return fs.list(dir).filter((name) => name.startsWith(PREFIX) && name.endsWith('.tmp') && !staging.has(name));
}

export function openOutput(outDir: string, options: OutputOptions = {}): Output {
  const fs = options.fs ?? nodeOutputFs;
  const force = options.force ?? false;
  const wanted = resolve(outDir);
  const staged: Staged[] = [];
  const names = new Map<string, string>();
  let root: string | undefined;
  let created = false;
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
    created = kind === undefined;
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
    // A run that changed nothing leaves no folder behind it either.
    if (!created || root === undefined) return;
    try {
      fs.rmdir(root);
    } catch {
      // Not empty: someone else wrote there meanwhile.
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

/** Stage and commit in one go, for a run that has every file at hand. */
export function writeAll(outDir: string, files: readonly PendingFile[], options: OutputOptions & { manifest?: ManifestFacts } = {}): string[] {
  const output = openOutput(outDir, options);
  output.stage(files);
  return output.commit(options.manifest);
}
