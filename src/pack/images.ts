import { readFileSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Image } from '../document/model.js';
import { ContentError } from '../errors.js';

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
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(file));
  } catch {
    throw new ContentError('ImageNotFound', `Image '${src}' named by ${referredBy} was not found in ${folder}.`, {
      hint: `Put the file in the pack folder, or correct ${referredBy} (names are relative to the pack folder).`,
      location: { path: referredBy },
    });
  }
  const ext = extname(file).toLowerCase();
  const size = ext === '.png' ? pngSize(data) : ext === '.jpg' || ext === '.jpeg' ? jpegSize(data) : ext === '.svg' ? svgSize(data) : undefined;
  if (!size) {
    throw new ContentError('ImageUnreadable', `Image '${src}' (named by ${referredBy}) is not a readable PNG, JPEG or SVG file.`, { hint: 'Save the image as PNG, JPEG or SVG with a matching file extension.', location: { path: referredBy } });
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
