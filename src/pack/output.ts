// Every file is written under a temporary name and renamed when complete, after all documents of
// the run have rendered: a failure leaves no partial file and earlier outputs in place.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { OutputError } from '../errors.js';

export const MANIFEST = 'manifest.json';

export interface PendingFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Files earlier runs of briefpack wrote into this folder and that still exist (from its manifest). */
export function ownedFiles(outDir: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as { files?: { file?: string }[]; owned?: string[] };
    const names = [...(manifest.files ?? []).map((f) => f.file ?? ''), ...(manifest.owned ?? [])];
    return new Set(names.filter((n) => n && existsSync(join(outDir, n))));
  } catch {
    return new Set();
  }
}

export function writeAll(outDir: string, files: readonly PendingFile[], options: { force?: boolean } = {}): string[] {
  const root = resolve(outDir);
  const ours = ownedFiles(root);
  for (const file of files) {
    const target = resolve(root, file.name);
    if (relative(root, target).startsWith('..') || basename(target) !== file.name) {
      throw new OutputError('UnsafeOutputName', `Refusing to write '${file.name}' outside ${outDir}.`);
    }
    if (!options.force && file.name !== MANIFEST && existsSync(target) && !ours.has(file.name)) {
      throw new OutputError('WouldOverwrite', `${join(outDir, file.name)} exists and was not written by briefpack.`, {
        hint: 'Move it away, choose another --out folder, or pass --force to overwrite it.',
        location: { file: join(outDir, file.name) },
      });
    }
  }
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new OutputError('OutputNotFolder', `The output folder ${outDir} is a file.`, {
      hint: 'Give --out a folder (it is created when missing), or move the file away.',
      location: { file: outDir },
    });
  }
  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new OutputError('OutputNotWritable', `Could not create the output folder ${outDir}: ${(error as Error).message}`, {
      hint: 'Check the path given to --out and the permissions of its parent folders.',
      location: { file: outDir },
      cause: error,
    });
  }
  const temporary: [string, string][] = [];
  try {
    for (const file of files) {
      const target = join(root, file.name);
      const tmp = join(root, `.${file.name}.${process.pid}.tmp`);
      writeFileSync(tmp, file.bytes);
      temporary.push([tmp, target]);
    }
  } catch (error) {
    for (const [tmp] of temporary) rmSync(tmp, { force: true });
    throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}`, { cause: error });
  }
  try {
    for (const [tmp, target] of temporary) renameSync(tmp, target);
  } catch (error) {
    for (const [tmp] of temporary) rmSync(tmp, { force: true });
    throw new OutputError('WriteFailed', `Could not write into ${outDir}: ${(error as Error).message}`, { cause: error });
  }
  return temporary.map(([, target]) => target);
}
