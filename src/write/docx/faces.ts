// A theme's four faces as a word processor must see them to use them as one family. Word and
// LibreOffice register an embedded font under the names inside it: Roboto's bold face is "Roboto
// Medium", weight 500, so a bold run in "Roboto" found no bold face and was drawn as Roboto made
// bold by smearing (heavier and wider than the PDF). Each embedded face is given the theme's
// family name, its role as style name, and the weight and style bits of that role. Glyphs and
// metrics are untouched; the PDF embeds the original files.

export type Role = 'regular' | 'bold' | 'italic' | 'boldItalic';

const STYLE: Record<Role, string> = { regular: 'Regular', bold: 'Bold', italic: 'Italic', boldItalic: 'Bold Italic' };

interface Table {
  readonly tag: string;
  data: Buffer;
}

function readTables(font: Buffer): { version: number; tables: Table[] } {
  const count = font.readUInt16BE(4);
  const tables: Table[] = [];
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    const offset = font.readUInt32BE(at + 8);
    const length = font.readUInt32BE(at + 12);
    tables.push({ tag: font.toString('latin1', at, at + 4), data: Buffer.from(font.subarray(offset, offset + length)) });
  }
  return { version: font.readUInt32BE(0), tables };
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeFont(version: number, tables: Table[]): Buffer {
  const sorted = [...tables].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const count = sorted.length;
  const power = 2 ** Math.floor(Math.log2(count));
  const header = Buffer.alloc(12 + 16 * count);
  header.writeUInt32BE(version, 0);
  header.writeUInt16BE(count, 4);
  header.writeUInt16BE(power * 16, 6);
  header.writeUInt16BE(Math.log2(power), 8);
  header.writeUInt16BE(count * 16 - power * 16, 10);
  const head = sorted.find((t) => t.tag === 'head');
  head?.data.writeUInt32BE(0, 8);
  const bodies: Buffer[] = [];
  let offset = header.length;
  sorted.forEach((table, i) => {
    const at = 12 + 16 * i;
    header.write(table.tag, at, 4, 'latin1');
    header.writeUInt32BE(checksum(table.data), at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(table.data.length, at + 12);
    const padding = (4 - (table.data.length % 4)) % 4;
    bodies.push(table.data, Buffer.alloc(padding));
    offset += table.data.length + padding;
  });
  const font = Buffer.concat([header, ...bodies]);
  if (head) {
    const headAt = header.readUInt32BE(12 + 16 * sorted.indexOf(head) + 8);
    font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headAt + 8);
  }
  return font;
}

/** A `name` table holding the original records, with family, style, full and PostScript names replaced. */
function renamed(name: Buffer, family: string, style: string): Buffer {
  const count = name.readUInt16BE(2);
  const storage = name.readUInt16BE(4);
  const replaced = new Set([1, 2, 3, 4, 6, 16, 17]);
  const records: { platform: number; encoding: number; language: number; id: number; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 12 * i;
    const id = name.readUInt16BE(at + 6);
    if (replaced.has(id)) continue;
    const length = name.readUInt16BE(at + 8);
    const offset = storage + name.readUInt16BE(at + 10);
    records.push({ platform: name.readUInt16BE(at), encoding: name.readUInt16BE(at + 2), language: name.readUInt16BE(at + 4), id, bytes: name.subarray(offset, offset + length) });
  }
  const full = style === 'Regular' ? family : `${family} ${style}`;
  const postscript = `${family}-${style}`.replace(/[^A-Za-z0-9-]/g, '');
  const values: [number, string][] = [[1, family], [2, style], [3, postscript], [4, full], [6, postscript]];
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  for (const [id, text] of values) {
    records.push({ platform: 1, encoding: 0, language: 0, id, bytes: Buffer.from(text, 'latin1') });
    records.push({ platform: 3, encoding: 1, language: 0x409, id, bytes: utf16be(text) });
  }
  records.sort((a, b) => a.platform - b.platform || a.encoding - b.encoding || a.language - b.language || a.id - b.id);
  const head = Buffer.alloc(6 + 12 * records.length);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(records.length, 2);
  head.writeUInt16BE(head.length, 4);
  let offset = 0;
  records.forEach((r, i) => {
    const at = 6 + 12 * i;
    head.writeUInt16BE(r.platform, at);
    head.writeUInt16BE(r.encoding, at + 2);
    head.writeUInt16BE(r.language, at + 4);
    head.writeUInt16BE(r.id, at + 6);
    head.writeUInt16BE(r.bytes.length, at + 8);
    head.writeUInt16BE(offset, at + 10);
    offset += r.bytes.length;
  });
  return Buffer.concat([head, ...records.map((r) => r.bytes)]);
}

/** The face's bytes with the names, weight and style bits of `role` in `family`. */
export function asFace(bytes: Uint8Array, family: string, role: Role): Buffer {
  const { version, tables } = readTables(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const bold = role === 'bold' || role === 'boldItalic';
  const italic = role === 'italic' || role === 'boldItalic';
  for (const table of tables) {
    if (table.tag === 'name') table.data = renamed(table.data, family, STYLE[role]);
    else if (table.tag === 'OS/2') {
      table.data.writeUInt16BE(bold ? 700 : 400, 4);
      // fsSelection: ITALIC 0x01, BOLD 0x20, REGULAR 0x40; the other bits stay.
      const selection = table.data.readUInt16BE(62) & ~(0x01 | 0x20 | 0x40);
      table.data.writeUInt16BE(selection | (italic ? 0x01 : 0) | (bold ? 0x20 : 0) | (!bold && !italic ? 0x40 : 0), 62);
    } else if (table.tag === 'head') {
      const macStyle = table.data.readUInt16BE(44) & ~0x03;
      table.data.writeUInt16BE(macStyle | (bold ? 0x01 : 0) | (italic ? 0x02 : 0), 44);
    }
  }
  return writeFont(version, tables);
}
