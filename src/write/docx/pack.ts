// Compiles and zips a docx File so the same input gives the same bytes, and fast.
// docx 9.15 is not reproducible on its own: font keys and hyperlink ids come from Math.random,
// bookmark and drawing ids from process-wide counters, core.xml carries new Date() and the zip
// carries the clock. Packer.toBuffer would also deflate ~640 KB of fonts on every call.
import { deflateRawSync, crc32 } from 'node:zlib';
import { Packer, type File } from 'docx';

type Parts = Map<string, string | Uint8Array>;
interface Compiler {
  compile(file: File): Parts;
}
interface FontFile {
  readonly data: Uint8Array;
  readonly fontKey: string;
}

function compiler(): Compiler {
  const found = (Packer as unknown as { compiler?: Compiler }).compiler;
  if (!found || typeof found.compile !== 'function') throw new Error('docx Packer.compiler is missing: docx changed its internals.');
  return found;
}

/** Runs `build` with Math.random replaced by a fixed-seed generator. `build` must be synchronous. */
export function seeded<T>(build: () => T): T {
  const original = Math.random;
  let seed = 0x2545f491;
  // mulberry32
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

/** Renumbers the ids docx draws from process-wide counters, in order of appearance. */
function renumber(xml: string, attribute: RegExp, ids: Map<string, string>): string {
  return xml.replace(attribute, (_all, head: string, id: string) => {
    let next = ids.get(id);
    if (next === undefined) {
      next = String(ids.size + 1);
      ids.set(id, next);
    }
    return `${head}"${next}"`;
  });
}

const w3cdtf = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Compiles the file, seeded, into parts with stable ids and the document's own dates. */
export function compile(build: () => File, created: Date): { parts: Parts; fonts: readonly FontFile[] } {
  const { file, parts } = seeded(() => {
    const made = build();
    return { file: made, parts: compiler().compile(made) };
  });
  const bookmarks = new Map<string, string>();
  const drawings = new Map<string, string>();
  const tocs = new Map<string, string>();
  const stamp = w3cdtf(created);
  for (const [path, data] of parts) {
    if (typeof data !== 'string') continue;
    let xml = data;
    if (path === 'docProps/core.xml') {
      xml = xml.replace(/(<dcterms:(created|modified) [^>]*>)[^<]*/g, `$1${stamp}`);
    } else if (path.startsWith('word/') && path.endsWith('.xml')) {
      xml = renumber(xml, /(<w:bookmark(?:Start|End)\b[^>]*?\bw:id=)"(\d+)"/g, bookmarks);
      xml = xml.replace(/_Toc(\d+)/g, (_all, id: string) => {
        if (!tocs.has(id)) tocs.set(id, String(tocs.size + 1));
        return `_Toc${tocs.get(id)}`;
      });
      xml = renumber(xml, /(<wp:docPr\b[^>]*?\bid=)"(\d+)"/g, drawings);
    }
    if (xml !== data) parts.set(path, xml);
  }
  const fonts = (file as unknown as { FontTable: { files: readonly FontFile[] } }).FontTable.files;
  return { parts, fonts };
}

interface Entry {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly deflated: Buffer;
}

const entry = (path: string, data: Uint8Array): Entry => ({
  name: Buffer.from(path, 'utf8'),
  crc: crc32(data),
  size: data.length,
  deflated: deflateRawSync(data),
});

// Obfuscated fonts depend only on the font bytes and the (seeded, so stable) key: deflate each once.
const fontEntries = new WeakMap<Uint8Array, Map<string, Entry>>();

function fontEntry(path: string, font: FontFile, obfuscated: Uint8Array): Entry {
  let byKey = fontEntries.get(font.data);
  if (!byKey) fontEntries.set(font.data, (byKey = new Map()));
  const key = `${path}\u0000${font.fontKey}`;
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = entry(path, obfuscated)));
  return found;
}

function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.min(2107, Math.max(1980, date.getUTCFullYear()));
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** A plain zip (DEFLATE, no data descriptors) with every entry dated `date`, in the parts' order. */
export function zip(parts: Parts, fonts: readonly FontFile[], date: Date): Uint8Array {
  const { time, day } = dosDateTime(date);
  const entries = [...parts].map(([path, data]) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const font = /^word\/fonts\/font(\d+)\.odttf$/.exec(path);
    const face = font ? fonts[Number(font[1]) - 1] : undefined;
    return face ? fontEntry(path, face, bytes) : entry(path, bytes);
  });
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.name.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    // Made by Unix with regular-file permissions: zero attributes are suspected of upsetting Word for Mac.
    record.writeUInt16LE(0x0314, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0800, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(day, 14);
    record.writeUInt32LE(e.crc, 16);
    record.writeUInt32LE(e.deflated.length, 20);
    record.writeUInt32LE(e.size, 24);
    record.writeUInt16LE(e.name.length, 28);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    record.writeUInt32LE(offset, 42);
    chunks.push(local, e.name, e.deflated);
    central.push(record, e.name);
    offset += local.length + e.name.length + e.deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, directory, end]));
}
