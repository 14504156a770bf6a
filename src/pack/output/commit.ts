// Commit: the step of a run that changes the output folder. One run at a time (a lock file), every
// old file kept aside under a second name, every new one renamed over it, and all of it undone if
// any step fails.
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { OutputError } from '../../errors.js';
import { MANIFEST } from './manifest.js';
import { errnoOf, randomName, type OutputFs } from './fs.js';

/** Held by the run that is replacing files, so two runs into one folder commit one after the other. */
export const LOCK = '.briefpack.lock';
const LOCK_WAIT_MS = 50;
/** What a lock file says of the run holding it. */
const lockSchema = z.object({ pid: z.number(), host: z.string() });
const LOCK_TRIES = 200;

/** What Windows says when another program has the file open; EACCES/EPERM also when one may not replace it. */
export const HELD = new Set(['EBUSY', 'EPERM', 'EACCES']);

function heldBy(name: string): string {
  if (/\.docx$/i.test(name)) return 'Word';
  if (/\.pdf$/i.test(name)) return 'the PDF viewer';
  return 'the program that has it open';
}

export function fileInUse(outDir: string, name: string, cause: unknown): OutputError {
  return new OutputError('FileInUse', `${join(outDir, name)} is open in another program (or you may not replace it), so nothing in ${outDir} was changed.`, {
    hint: `Close ${name} in ${heldBy(name)} and run again.`,
    location: { file: join(outDir, name) },
    cause,
  });
}

export interface Staged {
  readonly name: string;
  readonly temporary: string;
}

/**
 * Takes the folder's commit lock, waiting while another run holds it; a lock whose run died on this
 * machine is taken over. Returns the release.
 */
export function lock(outDir: string, dir: string, fs: OutputFs): () => void {
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
    let holder: z.infer<typeof lockSchema> | undefined;
    try {
      holder = lockSchema.parse(JSON.parse(new TextDecoder().decode(fs.readFile(path))));
    } catch {
      // Being written, or not ours to read: wait like for any holder.
    }
    if (holder?.host === hostname() && !fs.alive(holder.pid)) {
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
export function replaceAll(outDir: string, dir: string, staged: readonly Staged[], fs: OutputFs): string[] {
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
