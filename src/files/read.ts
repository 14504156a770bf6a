// The one door through which briefpack reads a user's file: pack YAML, recipient lists, themes,
// fonts, images, templates, message catalogues, documents.json. It looks before it opens, so a FIFO or a
// device never blocks a run, a folder or a dangling link is named as what it is, and a file too
// large to be what it claims is refused before a byte is read (a 2 GB sparse "YAML" would
// otherwise exhaust memory or string length).
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** What a file is for; each kind has its own size limit. */
type FileKind = 'yaml' | 'csv' | 'json' | 'template' | 'image' | 'font';

const MB = 1024 * 1024;
/** Size limits per kind (README, "When something is wrong"): text a person writes, and binary assets. */
const SIZE_LIMITS: Readonly<Record<FileKind, number>> = {
  yaml: 10 * MB,
  csv: 10 * MB,
  json: 10 * MB,
  template: 10 * MB,
  image: 50 * MB,
  font: 50 * MB,
};

export interface ReadOptions {
  readonly kind: FileKind;
  /** The name to show in messages (the path as the user gave it); defaults to the path. */
  readonly shown?: string;
  /** Folders the file must really lie in once links are resolved (the pack, or the templates/theme folder). */
  readonly within?: readonly string[];
  /** Which field or option named the file, for messages. */
  readonly referredBy?: string;
}

const NOT_A_FILE_HINT = 'Replace it with the file itself, or remove it from the folder (or name another file).';
const KIND_WORDS: Readonly<Record<FileKind, string>> = { yaml: 'YAML', csv: 'CSV', json: 'JSON', template: 'template', image: 'image', font: 'font' };

/** What a path is when it is not a regular file, in words; undefined for a regular file. */
function whatIsIt(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

const fileError = (code: string, message: string, options: ReadOptions, path: string, hint: string) =>
  new InputError(code, message, { hint, location: { file: options.shown ?? path, ...(options.referredBy ? { path: options.referredBy } : {}) } });

/** The file's status, following links; a dangling or looping link, or a missing file, is refused by name. */
function statOf(path: string, options: ReadOptions): Stats {
  const shown = options.shown ?? path;
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw fileError('LinkLoop', `${shown} is a symbolic link that loops back on itself.`, options, path, 'Replace the link with the file itself.');
    const link = lstatIfAny(path);
    if (link?.isSymbolicLink()) throw fileError('DanglingLink', `${shown} is a symbolic link to a file that does not exist.`, options, path, 'Remove the link, or put the file it names in place.');
    if (code === 'EACCES') throw fileError('FileUnreadable', `${shown} cannot be read: permission denied.`, options, path, 'Check the file\'s permissions.');
    if (code === 'ENOTDIR') throw fileError('FileNotFound', `${shown} does not exist (a part of its path is a file, not a folder).`, options, path, 'Check the path.');
    throw fileError('FileNotFound', `${shown} does not exist.`, options, path, 'Check the path.');
  }
}

function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

const inside = (folder: string, path: string) => {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};
const realOrSelf = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
};

/** Refuses a file whose real location (links resolved) is outside every folder of `within`. */
function checkWithin(path: string, options: ReadOptions): void {
  if (!options.within?.length) return;
  const real = realOrSelf(path);
  if (options.within.some((folder) => inside(realOrSelf(folder), real))) return;
  const shown = options.shown ?? path;
  const linked = real !== resolve(path);
  throw fileError(
    'OutsideFolder',
    linked ? `${shown} is a link to ${real}, outside the folder it must be read from.` : `${shown} lies outside the folder it must be read from.`,
    options,
    path,
    'Copy the file into the folder instead of linking to it or naming it by a path that leaves the folder; briefpack reads a pack\'s files only from inside the pack.',
  );
}

/** Refuses a path a pack names (a document's theme) that leads out of the pack, by its text or through a link. */
export function refuseOutside(path: string, folder: string, options: Omit<ReadOptions, 'within' | 'kind'> = {}): void {
  checkWithin(path, { ...options, kind: 'json', within: [folder] });
}

/** The bytes of a regular file, after checking what it is, where it really lies and its size. */
export function readInput(path: string, options: ReadOptions): Buffer {
  const shown = options.shown ?? path;
  const stats = statOf(path, options);
  const kind = whatIsIt(stats);
  if (kind) throw fileError('NotAFile', `${shown} is ${kind}, not a file.`, options, path, NOT_A_FILE_HINT);
  checkWithin(path, options);
  const limit = SIZE_LIMITS[options.kind];
  if (stats.size > limit) throw tooLarge(shown, stats.size, limit, options, path);
  let fd: number;
  try {
    // Non-blocking: should the path have become a FIFO since the look above, opening it does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') throw fileError('FileUnreadable', `${shown} cannot be read: permission denied.`, options, path, 'Check the file\'s permissions.');
    throw fileError('FileUnreadable', `${shown} cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, options, path, 'Check the file.');
  }
  try {
    const opened = fstatSync(fd);
    const now = whatIsIt(opened);
    if (now) throw fileError('NotAFile', `${shown} is ${now}, not a file.`, options, path, NOT_A_FILE_HINT);
    if (opened.size > limit) throw tooLarge(shown, opened.size, limit, options, path);
    try {
      return readFileSync(fd);
    } catch (error) {
      throw fileError('FileUnreadable', `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, options, path, 'Check the file.');
    }
  } finally {
    closeSync(fd);
  }
}

function tooLarge(shown: string, size: number, limit: number, options: ReadOptions, path: string) {
  return fileError('FileTooLarge', `${shown} is ${(size / MB).toFixed(1)} MB; a ${KIND_WORDS[options.kind]} file may be at most ${limit / MB} MB.`, options, path, 'Check that this is the file you meant; split large packs into several files.');
}

// How to save a file as UTF-8 in the programs people make these files with: Excel for a CSV list.
const SAVE_AS_UTF8 = (kind: FileKind) =>
  `Save it as UTF-8: ${kind === 'csv' ? 'in Excel, File > Save As > "CSV UTF-8 (Comma delimited)"; ' : ''}in Notepad, Save As > Encoding: UTF-8; in VS Code, click the encoding in the status bar > Save with Encoding > UTF-8.`;

/** The byte-order marks a text file may start with, and the encoding each announces. */
const BOMS: readonly (readonly [bytes: readonly number[], encoding: 'utf-8' | 'utf-16le' | 'utf-16be'])[] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * A file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with one. Anything else is
 * refused by name rather than decoded wrongly: a Windows-1252 file read as UTF-8 would print
 * "D\uFFFDl\uFFFDgation" in every document, and no step after this one could tell.
 */
export function readInputText(path: string, options: ReadOptions): string {
  const bytes = readInput(path, options);
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  const encoding = bom?.[1] ?? 'utf-8';
  // UTF-32's mark starts like UTF-16's; its text would decode as NULs between the letters.
  const utf32 = bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0;
  try {
    if (utf32) throw new TypeError('UTF-32');
    // A UTF-16 file without its mark has a NUL in every other byte; UTF-8 text has none.
    if (!bom && bytes.subarray(0, 4096).includes(0) && bytes.length > 1) throw new TypeError('UTF-16 without a byte-order mark');
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw notUtf8(bytes, options, path, encoding);
  }
}

function notUtf8(bytes: Buffer, options: ReadOptions, path: string, encoding: string): InputError {
  const shown = options.shown ?? path;
  const at = firstInvalid(bytes);
  const where = at === undefined ? '' : ` (line ${bytes.subarray(0, at).toString('latin1').split('\n').length} has byte 0x${bytes[at]!.toString(16).toUpperCase().padStart(2, '0')}, which is not ${encoding === 'utf-8' ? 'UTF-8' : encoding.toUpperCase()})`;
  return fileError(
    'NotUtf8',
    `${shown} is not saved as UTF-8${where}; it was probably saved as Windows-1252 or another older encoding, and its accented letters would print wrongly.`,
    options,
    path,
    SAVE_AS_UTF8(options.kind),
  );
}

/** Offset of the first byte that breaks UTF-8 (or a NUL), for the message. */
function firstInvalid(bytes: Buffer): number | undefined {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0) return i;
    if (b < 0x80) continue;
    const follow = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (follow < 0) return i;
    for (let k = 1; k <= follow; k++) if ((bytes[i + k] ?? 0) >> 6 !== 0b10) return i;
    i += follow;
  }
  return undefined;
}

/** True when `path` exists as anything (file, folder, link, even a dangling one). */
export function exists(path: string): boolean {
  return lstatIfAny(path) !== undefined;
}

/** Editors' lock and backup files: `.#name` (Emacs), `name~`, `.~lock.name#` (LibreOffice). */
function isEditorLeftover(name: string): boolean {
  return name.startsWith('.#') || name.endsWith('~') || name.startsWith('.~lock');
}

export interface FolderListing {
  readonly names: readonly string[];
  /** Editor lock and backup files that matched but are left out. */
  readonly skipped: readonly string[];
}

/** Refuses a path that is not a folder (a file, FIFO, dangling link, or nothing), naming what it is. */
export function requireFolder(folder: string, shown = folder): void {
  let stats: Stats;
  try {
    stats = statSync(folder);
  } catch {
    throw new InputError('FolderNotFound', `No folder at ${shown}.`, { hint: 'Check the path.', location: { file: shown } });
  }
  const kind = stats.isDirectory() ? undefined : whatIsIt(stats) ?? 'a file';
  if (kind) throw new InputError('NotAFolder', `${shown} is ${kind}, not a folder.`, { hint: 'Name a folder.', location: { file: shown } });
}

/** Names in a folder matching `pattern`, sorted, without editors' leftovers. The folder must be a folder. */
export function listFolder(folder: string, pattern: RegExp, options: { shown?: string } = {}): FolderListing {
  const shown = options.shown ?? folder;
  requireFolder(folder, shown);
  let all: string[];
  try {
    all = readdirSync(folder);
  } catch (error) {
    throw new InputError('FolderUnreadable', `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { hint: 'Check the folder\'s permissions.', location: { file: shown } });
  }
  const matching = all.filter((n) => pattern.test(n) || (isEditorLeftover(n) && pattern.test(n.replace(/^\.#|^\.~lock\.|[~#]+$/g, '')))).sort();
  return { names: matching.filter((n) => !isEditorLeftover(n)), skipped: matching.filter(isEditorLeftover) };
}

/** A note for each skipped leftover, to print before a run. */
export function skippedNotes(listing: FolderListing, shown: string): string[] {
  return listing.skipped.map((name) => `note: skipped ${shown.replace(/\/+$/, '')}/${name} (an editor's lock or backup file)`);
}
