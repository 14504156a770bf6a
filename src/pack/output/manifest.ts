// The manifest: what a run wrote, and the only proof a later run accepts that a file is briefpack's
// to replace. A file is ours while a manifest briefpack wrote lists it with the sha256 it still has
// on disk; a file the user edited since, or one named in a manifest someone else wrote, is theirs.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { Length } from '../../content/index.js';
import type { Format } from '../../write/index.js';

export interface ManifestEntry {
  readonly file: string;
  readonly document: string;
  readonly template: string;
  readonly format: Format | 'eml';
  readonly audience: string;
  readonly marking: string | null;
  /** The document's language (BCP 47): what its words, dates and typography follow. */
  readonly language: string;
  readonly pages: number | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly options: {
    readonly length: Length;
    readonly focus: readonly string[];
    readonly only: boolean;
    readonly budget: number | null;
    readonly trim: number;
    /** What fitting took out at that trim step, in words ("annexes", "low-priority items"). */
    readonly trimmed?: readonly string[];
    readonly theme: string;
    readonly recipient: string | null;
  };
  /** What the user was warned about this document, e.g. a length it could not keep to. */
  readonly warnings?: readonly string[];
  /** For the combined PDF: the documents it holds, in order (file names without extension). */
  readonly parts?: readonly string[];
}

export const MANIFEST = 'manifest.json';
/** The mark that tells a manifest briefpack wrote from one a user (or anyone) put there. */
export const GENERATOR = 'briefpack';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What a run says about itself; the writer adds what earlier runs left (see buildManifest). */
export interface ManifestFacts {
  readonly pack: string;
  readonly title: string;
  readonly created: string;
  readonly files: readonly ManifestEntry[];
}

export type EntryKind = 'file' | 'directory' | 'link' | 'other';

/** The two reads ownership needs, injected so tests can stage any folder. */
export interface ManifestReader {
  /** What is at the path, without following a link; undefined when nothing is. */
  kind(path: string): EntryKind | undefined;
  readFile(path: string): Uint8Array;
}

export interface Ownership {
  /** absent: no manifest.json; ours: briefpack wrote it; foreign: anything else under that name. */
  readonly manifest: 'absent' | 'ours' | 'foreign';
  /** Files a briefpack manifest lists that still have the sha256 it recorded: name → sha256. */
  readonly owned: ReadonlyMap<string, string>;
  /** Files a briefpack manifest lists whose bytes changed since: someone edited them. */
  readonly changed: ReadonlySet<string>;
}

const HASH = /^[0-9a-f]{64}$/;
/** A claim names a plain file in the folder itself; anything else is not one briefpack makes. */
const PLAIN_NAME = /^[^/\\]+$/;

const claimSchema = z.object({
  file: z.string().regex(PLAIN_NAME).refine((file) => file !== '..' && file !== '.'),
  sha256: z.string().regex(HASH),
});
type Claim = z.infer<typeof claimSchema>;

/** What makes a JSON file a manifest briefpack wrote; each listed claim is checked on its own. */
const manifestSchema = z.object({ generator: z.literal(GENERATOR), files: z.array(z.unknown()), earlier: z.unknown().optional() });

/** The well-formed claims of a list; a malformed one is no claim (and so proves nothing). */
function claimsOf(list: unknown): Claim[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c) => {
    const claim = claimSchema.safeParse(c);
    return claim.success ? [claim.data] : [];
  });
}

/**
 * The claims of a manifest briefpack wrote, or undefined for one it did not. Manifests of earlier
 * versions carry the same mark and per-file hashes, so their `files` count; their bare `owned`
 * list of names proves nothing and is ignored.
 */
export function parseManifest(text: string): Claim[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) return undefined;
  return [...claimsOf(manifest.data.files), ...claimsOf(manifest.data.earlier)];
}

function claimsIn(path: string, fs: ManifestReader): Claim[] | undefined {
  if (fs.kind(path) !== 'file') return undefined;
  const bytes = fs.readFile(path);
  // Only JSON can be a manifest: a staged PDF or DOCX is not decoded to find that out.
  return bytes[0] === 0x7b ? parseManifest(new TextDecoder().decode(bytes)) : undefined;
}

/**
 * Which files of the folder briefpack may replace, checked against their bytes now. `interrupted`
 * names the staged manifests a run left when it was killed while replacing files: the files it
 * had already replaced match those, not manifest.json, and stay briefpack's.
 */
export function readOwnership(folder: string, fs: ManifestReader, interrupted: readonly string[] = []): Ownership {
  const owned = new Map<string, string>();
  const changed = new Set<string>();
  const present = fs.kind(join(folder, MANIFEST)) !== undefined;
  const found = present ? claimsIn(join(folder, MANIFEST), fs) : undefined;
  const manifest = !present ? 'absent' : found ? 'ours' : 'foreign';
  const claims = [...(found ?? []), ...interrupted.flatMap((name) => claimsIn(join(folder, name), fs) ?? [])];
  const hashes = new Map<string, Set<string>>();
  for (const c of claims) hashes.set(c.file, (hashes.get(c.file) ?? new Set()).add(c.sha256));
  for (const [file, claimed] of hashes) {
    const path = join(folder, file);
    // A link is never ours: hashing would read through it, and replacing it is refused anyway.
    if (fs.kind(path) !== 'file') continue;
    const actual = sha256(fs.readFile(path));
    if (claimed.has(actual)) owned.set(file, actual);
    else changed.add(file);
  }
  return { manifest, owned, changed };
}

/**
 * The manifest of a run: its own files in full, and under `earlier` the files earlier runs wrote
 * here that this run left alone and that are unchanged, so a later run may still replace them.
 */
export function buildManifest(facts: ManifestFacts, ownership: Ownership): Uint8Array {
  const made = new Set(facts.files.map((f) => f.file));
  const earlier = [...ownership.owned]
    .filter(([file]) => !made.has(file) && file !== MANIFEST)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, hash]) => ({ file, sha256: hash }));
  const manifest = { generator: GENERATOR, pack: facts.pack, title: facts.title, created: facts.created, files: facts.files, earlier };
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}
