// Fonts are handed to pdfmake once per process: the bytes go into its virtual file system under a
// name per FontFaces object, so no document re-reads a font file. Glyph coverage is checked with
// fontkit (pdfkit's own parser), one parsed font and one answer cache per face.
import { createRequire } from 'node:module';
import pdfmake from 'pdfmake';
import type { FontFaces } from '../../theme/schema.js';

interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}
interface PdfmakeRuntime {
  virtualfs: VirtualFs;
  addFonts(fonts: Record<string, Record<keyof FontFaces, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
}
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}

const runtime = pdfmake as unknown as PdfmakeRuntime;
// The document never names a file or URL: images come as data URLs and fonts from the virtual
// file system, so every other access is refused. Setting both policies also keeps pdfmake quiet.
runtime.setUrlAccessPolicy(() => false);
runtime.setLocalAccessPolicy(() => false);

const families = new WeakMap<FontFaces, string>();
let familyCount = 0;

const FACES = ['normal', 'bold', 'italics', 'bolditalics'] as const;

/** The pdfmake family name for these faces, registering them on first use. */
export function fontFamily(faces: FontFaces, familyName: string): string {
  let family = families.get(faces);
  if (family === undefined) {
    family = `${familyName.replace(/[^A-Za-z0-9]/g, '')}-bp${++familyCount}`;
    const files = {} as Record<keyof FontFaces, string>;
    for (const face of FACES) {
      const bytes = faces[face];
      const name = `briefpack/${family}/${face}.ttf`;
      runtime.virtualfs.writeFileSync(name, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      files[face] = name;
    }
    runtime.addFonts({ [family]: files });
    families.set(faces, family);
  }
  return family;
}

interface Coverage {
  readonly font: FontkitFont;
  readonly known: Map<number, boolean>;
}
const coverage = new WeakMap<Uint8Array, Coverage>();
let fontkit: { create(bytes: Uint8Array): FontkitFont } | undefined;

function coverageFor(bytes: Uint8Array): Coverage {
  let entry = coverage.get(bytes);
  if (!entry) {
    // fontkit is pdfkit's dependency, not ours: resolve it from pdfkit so we use the same copy.
    if (!fontkit) {
      const require = createRequire(import.meta.url);
      fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(bytes: Uint8Array): FontkitFont };
    }
    entry = { font: fontkit.create(bytes), known: new Map() };
    coverage.set(bytes, entry);
  }
  return entry;
}

// Controls and the invisible formatting marks draw nothing, so their absence is no loss.
const invisible = (cp: number): boolean =>
  cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff || cp === 0x2060;

/** Code points the regular face cannot draw, in ascending order. */
export function missingGlyphs(faces: FontFaces, codePoints: ReadonlySet<number>): number[] {
  const { font, known } = coverageFor(faces.normal);
  const missing: number[] = [];
  for (const cp of codePoints) {
    if (invisible(cp)) continue;
    let has = known.get(cp);
    if (has === undefined) {
      has = font.hasGlyphForCodePoint(cp);
      known.set(cp, has);
    }
    if (!has) missing.push(cp);
  }
  return missing.sort((a, b) => a - b);
}
