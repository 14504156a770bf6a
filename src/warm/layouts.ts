// Layouts a long-lived process keeps. A writer is a pure function of the document model, the
// theme and the page limit, and laying out is what a run spends its time on; so a layout is kept
// under a hash of those inputs, and a document whose model did not change (another document's
// topic changed, a file was saved unchanged) is not laid out again. Building a model is cheap.
//
// The creation date is left out of the key: a kept layout carries the date its pages were first
// made, which is when that content was laid out. With SOURCE_DATE_EPOCH the date is fixed anyway.
import { createHash } from 'node:crypto';
import type { Document } from '../document/model.js';
import type { FontFaces, Theme } from '../theme/schema.js';
import type { Format, Writer, Written } from '../write/index.js';

/** Enough for every document of a few packs at several lengths and focuses, with fitting attempts. */
const MAX_LAYOUTS = 400;
/**
 * Previews kept, of those: each is an uncompressed PDF (about 0.4 MB for 13 pages) and each edit
 * makes a new one, so a long editing session would otherwise hold hundreds of them. Enough for
 * the options a user goes back and forth between.
 */
const MAX_PREVIEWS = 32;

export interface LayoutStats {
  hits: number;
  misses: number;
}

export interface LayoutCache {
  readonly wrap: (format: Format, writer: Writer) => Writer;
  readonly stats: LayoutStats;
  clear(): void;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

// Uint8Array (an image's bytes) as JSON is an object of numbered keys: slow and large. Hashed instead.
const compact = (_key: string, value: unknown) => (value instanceof Uint8Array ? `bytes:${hash(Buffer.from(value).toString('base64'))}` : value);

export function layoutCache(limit = MAX_LAYOUTS, previewLimit = MAX_PREVIEWS): LayoutCache {
  const kept = new Map<string, Promise<Written>>();
  // The keys of the previews in `kept`, least recently used first.
  const previews = new Set<string>();
  const forget = (key: string) => {
    kept.delete(key);
    previews.delete(key);
  };
  // The spacing each PDF settled on (the PDF writer may tighten it to pull back a short last page,
  // trying up to three layouts), by its key without the preview flag: a preview and the file are
  // laid out alike, so the second of them is laid out once, at that spacing.
  const spacings = new Map<string, number>();
  const stats: LayoutStats = { hits: 0, misses: 0 };
  // A theme is hashed once per object; its fonts are bytes, known by identity (the bundled faces are read
  // once per process, see theme/load.ts).
  const themeKeys = new WeakMap<Theme, string>();
  const faceIds = new WeakMap<FontFaces, number>();
  let nextFace = 0;
  const themeKey = (theme: Theme) => {
    let key = themeKeys.get(theme);
    if (key === undefined) {
      let face = faceIds.get(theme.fontFaces);
      if (face === undefined) faceIds.set(theme.fontFaces, (face = nextFace++));
      key = hash(JSON.stringify({ ...theme, fontFaces: face }));
      themeKeys.set(theme, key);
    }
    return key;
  };
  const documentKey = (document: Document) => hash(JSON.stringify({ ...document, metadata: { ...document.metadata, created: null } }, compact));

  return {
    stats,
    clear: () => {
      kept.clear();
      previews.clear();
      spacings.clear();
    },
    wrap: (format, writer) => (document, theme, options = {}) => {
      const layout = `${format}|${themeKey(theme)}|${options.pageLimit ?? ''}|${documentKey(document)}`;
      const key = `${layout}|${options.preview ? 'preview' : ''}`;
      const found = kept.get(key);
      if (found) {
        stats.hits++;
        // Most recently used last: the oldest go first when the cache is full.
        kept.delete(key);
        kept.set(key, found);
        if (previews.delete(key)) previews.add(key);
        return found;
      }
      stats.misses++;
      const spacing = format === 'pdf' ? spacings.get(layout) : undefined;
      const made = writer(document, theme, spacing === undefined ? options : { ...options, spacing });
      kept.set(key, made);
      if (format === 'pdf') {
        made.then(
          (written) => {
            spacings.set(layout, written.spacing ?? 1);
            while (spacings.size > limit) spacings.delete(spacings.keys().next().value!);
          },
          () => undefined,
        );
      }
      // A failed layout is not kept: the next run tries again (and reports the error again).
      made.catch(() => forget(key));
      if (options.preview) previews.add(key);
      while (previews.size > previewLimit) forget(previews.values().next().value!);
      while (kept.size > limit) forget(kept.keys().next().value!);
      return made;
    },
  };
}
