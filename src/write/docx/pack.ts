// Compiles and zips a docx File so the same input gives the same bytes, and fast.
// docx 9.15 is not reproducible on its own: font keys and hyperlink ids are random, bookmark
// and drawing ids come from process-wide counters, core.xml carries the clock and so does the
// zip. Every one is replaced here after compiling, in order of appearance, without touching
// globals. Packer.toBuffer would also deflate ~640 KB of fonts on every call; this deflates once.
import { createHash } from 'node:crypto';
import { deflateRawSync, crc32 } from 'node:zlib';
import type { File } from 'docx';
import { XML_FORBIDDEN } from '../../document/characters.js';
import { compileParts, embeddedFonts, FONT_PART, ID_FORMS, type FontFile, type Parts } from './vendor.js';

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

/** What a reader's file properties show beyond docx's own: the application, the page count, the language. */
export interface Properties {
  readonly language: string;
  readonly pages?: number;
}

function appXml(pages: number | undefined): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Template>Normal.dotm</Template><Application>briefpack</Application><DocSecurity>0</DocSecurity>' +
    (pages !== undefined ? `<Pages>${pages}</Pages>` : '') +
    '<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>' +
    '</Properties>'
  );
}

/** Compiles the file into parts with stable ids and the document's own dates. */
export function compile(build: () => File, created: Date, properties?: Properties): { parts: Parts; fonts: readonly FontFile[] } {
  const file = build();
  const parts = compileParts(file);
  const fonts = embeddedFonts(file);
  const fontKeys = new Map(fonts.map((font) => [`{${font.fontKey.toUpperCase()}}`, `{${stableKey(font.data).toUpperCase()}}`]));
  const links = new Map<string, string>();
  const bookmarks = new Map<string, string>();
  const drawings = new Map<string, string>();
  const tocs = new Map<string, string>();
  const stamp = w3cdtf(created);
  for (const [path, data] of parts) {
    if (typeof data !== 'string') continue;
    // Content is cleaned when it loads, but a template, a message catalogue or a theme can still
    // bring a character XML cannot hold, and one makes a file Word refuses to open: every part
    // passes here, so no text escapes it. Markup never holds one.
    // Random relationship ids (rId + 21 nanoid characters) of hyperlinks.
    let xml = data.replace(XML_FORBIDDEN, '').replace(ID_FORMS.hyperlink, (all, id: string) => {
      if (/^\d+$/.test(id)) return all;
      if (!links.has(id)) links.set(id, `rIdLink${links.size + 1}`);
      return `${links.get(id)}"`;
    });
    if (path === 'word/fontTable.xml') {
      xml = xml.replace(ID_FORMS.fontKey, (key) => fontKeys.get(key) ?? key);
    } else if (path === 'docProps/core.xml') {
      xml = xml.replace(ID_FORMS.coreDates, `$1${stamp}`);
      // docx writes no dc:language; readers and assistive tools take the document's language from it.
      if (properties && !xml.includes('<dc:language>')) xml = xml.replace('</cp:coreProperties>', `<dc:language>${properties.language.replace(/[^A-Za-z0-9-]/g, '')}</dc:language></cp:coreProperties>`);
    } else if (path === 'docProps/app.xml' && properties) {
      // docx writes an empty one.
      xml = appXml(properties.pages);
    } else if (path.startsWith('word/') && path.endsWith('.xml')) {
      xml = renumber(xml, ID_FORMS.bookmark, bookmarks);
      xml = xml.replace(ID_FORMS.toc, (_all, id: string) => {
        if (!tocs.has(id)) tocs.set(id, String(tocs.size + 1));
        return `_Toc${tocs.get(id)}`;
      });
      xml = renumber(xml, ID_FORMS.drawing, drawings);
    }
    if (xml !== data) parts.set(path, xml);
  }
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

const stableKeys = new WeakMap<Uint8Array, string>();

/** A GUID from the font's own bytes: the same font always gets the same key. */
function stableKey(data: Uint8Array): string {
  let key = stableKeys.get(data);
  if (!key) {
    const hex = createHash('sha256').update(data).digest('hex');
    key = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    stableKeys.set(data, key);
  }
  return key;
}

/** ECMA-376 part 2 font obfuscation: the first 32 bytes XORed with the key's bytes, reversed. */
function obfuscate(data: Uint8Array, guid: string): Uint8Array {
  const key = Buffer.from(guid.replace(/-/g, ''), 'hex').reverse();
  const out = Uint8Array.from(data);
  for (let i = 0; i < Math.min(32, out.length); i++) out[i]! ^= key[i % key.length]!;
  return out;
}

// Each face is obfuscated and deflated once per process, keyed by its bytes' identity.
const fontEntries = new WeakMap<Uint8Array, Map<string, Entry>>();

function fontEntry(path: string, font: FontFile): Entry {
  let byPath = fontEntries.get(font.data);
  if (!byPath) fontEntries.set(font.data, (byPath = new Map()));
  let found = byPath.get(path);
  if (!found) byPath.set(path, (found = entry(path, obfuscate(font.data, stableKey(font.data)))));
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
    const font = FONT_PART.exec(path);
    const face = font ? fonts[Number(font[1]) - 1] : undefined;
    return face ? fontEntry(path, face) : entry(path, bytes);
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
