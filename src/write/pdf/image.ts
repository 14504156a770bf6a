// Images: PNG and JPEG go to pdfmake's images dictionary as data URLs (one entry per byte array,
// so a logo repeated on every page is embedded once); SVG becomes an svg node.
import type { Image } from '../../document/model.js';
import type { Context, State } from './context.js';
import type { PdfNode } from './inlines.js';
import { tag } from './tagging.js';

const PX_TO_PT = 0.75;

// The SVG renderer opens any image link that is not base64 data as a file. The loader refuses an
// SVG that names one, but the writer holds the line itself: a link that is not inline base64 data
// is handed over as no bytes at all, which the renderer cannot open (it warns and draws nothing),
// so no file is ever read. The renderer's warnings would go to the console, the SVG's own text in
// them unescaped: they are dropped (the loader has checked the drawing).
const INLINE_DATA = /^data:[^,]*;base64,/i;
const SVG_OPTIONS = {
  warningCallback: () => undefined,
  imageCallback: (link: string): string | Buffer => {
    const squeezed = link.replace(/\s+/g, '');
    return INLINE_DATA.test(squeezed) ? squeezed : Buffer.alloc(0);
  },
};

function looksLike(format: Image['format'], data: Uint8Array): boolean {
  if (format === 'png') return data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  if (format === 'jpg') return data[0] === 0xff && data[1] === 0xd8;
  const head = new TextDecoder().decode(data.subarray(0, 512));
  return head.includes('<svg') || head.includes('<?xml');
}

export function image(node: Image, ctx: Context, state: State): PdfNode {
  if (!looksLike(node.format, node.data) || node.pixelWidth <= 0 || node.pixelHeight <= 0) {
    state.diagnostics.push({
      code: 'ImageNotRendered',
      severity: 'warning',
      message: `Image '${node.alt}' is not a valid ${node.format.toUpperCase()} file; its description was printed instead.`,
      source: node.source,
    });
    return { text: `[${node.alt}]`, italics: true, color: ctx.theme.colour.muted, margin: [0, 0, 0, ctx.theme.spacing.paragraphAfter] };
  }
  const width = Math.min(node.width ?? node.pixelWidth * PX_TO_PT, ctx.width);
  const height = (width * node.pixelHeight) / node.pixelWidth;
  const placed: PdfNode = { width, height, margin: [0, 2, 0, ctx.theme.spacing.paragraphAfter + 2] };
  if (node.align) placed.alignment = node.align;
  if (node.format === 'svg') return tag({ ...placed, svg: new TextDecoder().decode(node.data), options: SVG_OPTIONS }, 'Figure', { alt: node.alt });
  let key = state.imageKeys.get(node.data);
  if (key === undefined) {
    key = `image-${state.imageKeys.size + 1}`;
    state.imageKeys.set(node.data, key);
    const mime = node.format === 'png' ? 'image/png' : 'image/jpeg';
    state.images[key] = `data:${mime};base64,${Buffer.from(node.data.buffer, node.data.byteOffset, node.data.byteLength).toString('base64')}`;
  }
  return tag({ ...placed, image: key }, 'Figure', { alt: node.alt });
}
