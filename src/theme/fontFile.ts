// A theme's font file checked before a writer meets it: the writers' font parsers fail deep inside
// layout (or not at all, until a glyph is missing) on a file that is not a font or was cut short.
// The check reads only the table directory: each table the directory names must lie in the file.

const SFNT_TAGS = new Set([0x00010000, 0x74727565 /* true */, 0x4f54544f /* OTTO */]);
const COLLECTION = 0x74746366; /* ttcf */
const REQUIRED = ['cmap', 'head', 'hhea', 'hmtx', 'maxp'];

/** What is wrong with a TrueType/OpenType file, or undefined when its tables are all there. */
export function fontProblem(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return 'it is too short to be a font';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = view.getUint32(0);
  if (tag === COLLECTION) return 'it is a font collection (.ttc); name a single .ttf or .otf file';
  if (!SFNT_TAGS.has(tag)) return 'it is not a TrueType or OpenType font';
  const count = view.getUint16(4);
  if (12 + count * 16 > bytes.length) return 'it is cut short (its table directory runs past the end of the file)';
  const found = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const name = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > bytes.length) return `it is cut short (its '${name.trim()}' table runs past the end of the file)`;
    found.add(name);
  }
  const missing = REQUIRED.filter((t) => !found.has(t));
  return missing.length ? `it lacks the font tables ${missing.join(', ')}` : undefined;
}
