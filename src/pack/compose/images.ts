import { extname, isAbsolute, relative, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { XmlDocument, type XmlElement } from 'xmldoc';
import type { Image } from '../../document/model.js';
import { ContentError } from '../../errors.js';
import { exists, readInput } from '../../files/read.js';

type ImageData = Pick<Image, 'data' | 'format' | 'pixelWidth' | 'pixelHeight'>;

/** Reads an image named by content, refusing paths that leave the pack folder. */
export function readImage(folder: string, src: string, referredBy: string): ImageData {
  const file = resolve(folder, src);
  const inside = relative(folder, file);
  if (isAbsolute(src) || inside.startsWith('..') || /^[a-z]+:/i.test(src)) {
    throw new ContentError('ImageOutsidePack', `Image '${src}' named by ${referredBy} is outside the pack folder.`, {
      hint: 'Put the image in the pack folder and name it relative to it.',
      location: { path: referredBy },
    });
  }
  if (!exists(file)) {
    throw new ContentError('ImageNotFound', `Image '${src}' named by ${referredBy} was not found in ${folder}.`, {
      hint: `Put the file in the pack folder, or correct ${referredBy} (names are relative to the pack folder).`,
      location: { path: referredBy },
    });
  }
  // Links are resolved before the check: a link in the pack to a file elsewhere is not followed.
  const data = new Uint8Array(readInput(file, { kind: 'image', shown: src, within: [folder], referredBy }));
  const ext = extname(file).toLowerCase();
  const size = ext === '.png' ? pngSize(data) : ext === '.jpg' || ext === '.jpeg' ? jpegSize(data) : ext === '.svg' ? svgSize(data) : undefined;
  if (!size) {
    throw new ContentError('ImageUnreadable', `Image '${src}' (named by ${referredBy}) is not a readable PNG, JPEG or SVG file.`, { hint: 'Save the image as PNG, JPEG or SVG with a matching file extension.', location: { path: referredBy } });
  }
  const problem = ext === '.png' ? pngProblem(data) : ext === '.svg' ? svgProblem(data) : jpegProblem(data);
  if (problem) {
    throw new ContentError('ImageUnreadable', `Image '${src}' (named by ${referredBy}) cannot be used: ${problem}.`, {
      hint: ext === '.svg' ? 'Embed what the drawing shows in the SVG itself (or save it as PNG); briefpack reads nothing from outside the pack.' : 'Open the image and save it again as PNG or JPEG.',
      location: { path: referredBy },
    });
  }
  return { data, format: ext === '.png' ? 'png' : ext === '.svg' ? 'svg' : 'jpg', pixelWidth: size[0], pixelHeight: size[1] };
}

function pngSize(d: Uint8Array): [number, number] | undefined {
  if (d.length < 24 || d[0] !== 0x89 || d[1] !== 0x50) return undefined;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

function jpegSize(d: Uint8Array): [number, number] | undefined {
  if (d[0] !== 0xff || d[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < d.length) {
    if (d[i] !== 0xff) return undefined;
    const marker = d[i + 1]!;
    const length = (d[i + 2]! << 8) + d[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return [(d[i + 7]! << 8) + d[i + 8]!, (d[i + 5]! << 8) + d[i + 6]!];
    }
    i += 2 + length;
  }
  return undefined;
}

function svgSize(d: Uint8Array): [number, number] | undefined {
  const text = new TextDecoder().decode(d.subarray(0, 4096));
  const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!tag) return undefined;
  const num = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)`).exec(tag)?.[1]);
  const viewBox = /viewBox="[\d.-]+[ ,]+[\d.-]+[ ,]+([\d.]+)[ ,]+([\d.]+)"/.exec(tag);
  const w = num('width') || Number(viewBox?.[1]);
  const h = num('height') || Number(viewBox?.[2]);
  return w > 0 && h > 0 ? [w, h] : undefined;
}

/** Most pixels a PNG may have: the PDF writer decodes them all in memory (4 bytes each with alpha). */
const PNG_MAX_PIXELS = 50_000_000;
/** Channels per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const PNG_CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * A PNG is a chain of chunks ending in IEND; a file cut short breaks the chain before it. The
 * pixels are inflated here once, so damaged compressed data is named now rather than thrown by the
 * PDF writer's decoder outside any handler, and a small file that claims billions of pixels is
 * refused before anything decodes it.
 */
function pngProblem(d: Uint8Array): string | undefined {
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let at = 8;
  const idat: Uint8Array[] = [];
  while (at + 8 <= d.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(d[at + 4]!, d[at + 5]!, d[at + 6]!, d[at + 7]!);
    if (at + 12 + length > d.length) break;
    if (type === 'IDAT') idat.push(d.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') return idat.length ? pngDataProblem(d, view, Buffer.concat(idat)) : 'it holds no image data';
    at += 12 + length;
  }
  return 'it is cut short (the PNG ends before its last chunk)';
}

function pngDataProblem(d: Uint8Array, view: DataView, compressed: Buffer): string | undefined {
  const [width, height] = [view.getUint32(16), view.getUint32(20)];
  const [bitDepth, colourType, interlace] = [d[24]!, d[25]!, d[28]!];
  const channels = PNG_CHANNELS[colourType];
  if (!channels || ![1, 2, 4, 8, 16].includes(bitDepth) || width === 0 || height === 0) return 'its header describes no image a PNG can hold';
  if (width * height > PNG_MAX_PIXELS) return `it has ${width} × ${height} pixels; an image may have at most ${PNG_MAX_PIXELS / 1_000_000} million`;
  // Each row is a filter byte and its pixels; an interlaced image's seven passes add at most a
  // filter byte per row of each pass.
  const rows = Math.ceil((width * channels * bitDepth) / 8) + 1;
  const expected = height * rows;
  let pixels: Buffer;
  try {
    pixels = inflateSync(compressed, { maxOutputLength: expected + (interlace ? 7 * height + 7 * 8 : 0) + 1 });
  } catch (error) {
    if (error instanceof RangeError) return 'its image data holds more than its size says';
    return 'its image data is damaged (the compressed pixels cannot be read)';
  }
  if (!interlace && pixels.length < expected) return 'its image data is damaged (it holds fewer pixels than its size says)';
  return undefined;
}

/** A JPEG ends with the end-of-image marker FF D9 (a few trailing bytes are tolerated). */
function jpegProblem(d: Uint8Array): string | undefined {
  for (let i = d.length - 2; i >= Math.max(2, d.length - 1024); i--) if (d[i] === 0xff && d[i + 1] === 0xd9) return undefined;
  return 'it is cut short (the JPEG has no end-of-image marker)';
}

// Anything an SVG could make a renderer fetch. The renderer (svg-to-pdfkit) reads each tag's
// attributes one after the other, a value between quotes of either kind, decodes its character
// references, drops white space, and opens any `href` that is not base64 data as a file. So the
// attributes are read the same way here, and only a link to a part of the drawing (#id, no path
// in it) or base64 data is let through; CSS url(...) and @import, and external entities in a
// DOCTYPE, are refused too. (The PDF writer, for its part, never hands the renderer a file.)
const SVG_TAG = /<[\w:.-]+\s*/g;
const SVG_ATTRIBUTE = /([\w:.-]+)(?:\s*=\s*"([^"]*)"|\s*=\s*'([^']*)')?\s*/y;
const HREF = /^(?:[\w.-]+:)?href$/i;

/** The values of every href attribute, as the renderer splits a tag into attributes. */
function svgHrefs(text: string): string[] {
  const hrefs: string[] = [];
  for (let tag = SVG_TAG.exec(text); tag !== null; tag = SVG_TAG.exec(text)) {
    SVG_ATTRIBUTE.lastIndex = SVG_TAG.lastIndex;
    for (let a = SVG_ATTRIBUTE.exec(text); a !== null && a[0].length > 0; a = SVG_ATTRIBUTE.exec(text)) {
      if (HREF.test(a[1]!)) hrefs.push(a[2] ?? a[3] ?? '');
      SVG_TAG.lastIndex = SVG_ATTRIBUTE.lastIndex;
    }
  }
  SVG_TAG.lastIndex = 0;
  return hrefs;
}
const SVG_OTHER = /url\(\s*["']?\s*(?!#|data:)([^)"']*)|@import\s+(?:url\()?\s*["']?([^"');\s]+)|<!ENTITY[^>]*\b(?:SYSTEM|PUBLIC)\s+(["'])([^"']*)\3/i;
const OWN_PART = /^#[^/\\]*$/;
const BASE64_DATA = /^data:[^,]*;base64,/i;

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decodeXml = (value: string) =>
  value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
    dec !== undefined ? String.fromCodePoint(Number(dec)) : hex !== undefined ? String.fromCodePoint(parseInt(hex, 16)) : (XML_ENTITIES[name!] ?? whole),
  );

function svgTarget(text: string): string | undefined {
  for (const raw of svgHrefs(text)) {
    let value: string;
    try {
      value = decodeXml(raw).replace(/\s+/g, '');
    } catch {
      return raw.trim();
    }
    if (!OWN_PART.test(value) && !BASE64_DATA.test(value)) return raw.trim();
  }
  const other = SVG_OTHER.exec(text);
  return other ? (other[1] ?? other[2] ?? other[4] ?? '').trim() : undefined;
}

/** Deepest element nesting an SVG may have: the PDF writer draws it by recursion, one level a call. */
const SVG_MAX_DEPTH = 100;

function svgProblem(d: Uint8Array): string | undefined {
  const text = new TextDecoder().decode(d);
  const target = svgTarget(text);
  if (target !== undefined) {
    return `it refers to '${target.length > 80 ? `${target.slice(0, 77)}...` : target}' outside the drawing, which briefpack does not read`;
  }
  // The PDF writer reads the drawing with the same XML parser: what fails there fails here first,
  // named, rather than as the writer's own failure.
  let doc: XmlDocument;
  try {
    doc = new XmlDocument(text);
  } catch (error) {
    return `it is not well-formed XML (${String((error as Error).message).split('\n')[0]})`;
  }
  if (doc.name !== 'svg') return `its root element is <${doc.name}>, not <svg>`;
  if (depthOf(doc) > SVG_MAX_DEPTH) return `it nests its elements more than ${SVG_MAX_DEPTH} levels deep`;
  return undefined;
}

/** How deep an element's descendants nest, counted without recursion (a hostile file may nest 100,000 deep). */
function depthOf(root: XmlElement): number {
  let deepest = 0;
  const stack: [XmlElement, number][] = [[root, 1]];
  while (stack.length) {
    const [element, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of element.children) if (child.type === 'element') stack.push([child as XmlElement, depth + 1]);
  }
  return deepest;
}
