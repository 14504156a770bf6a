// The pdfmake and pdfkit internals this writer relies on, in one place. pdfmake has no API for
// marked content, shared font parses, widow control or leaders, so the writer wraps methods of its
// layout and rendering classes; an upgrade that renames or removes one must fail here, loudly and
// by name, rather than write different files. tests/write/pdf/tagging-contract.test.ts runs
// `pdfmakeInternals()` and tests/write/pdf/fonts-contract.test.ts `PATCHED` on the installed version.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type Method = (this: unknown, ...args: unknown[]) => unknown;
export type Prototype = Record<string, Method>;

/** The classes and the methods of each that tagging.ts wraps or calls. */
const CONTRACT = {
  // Draws each laid-out page item; each call is wrapped in marked content.
  Renderer: { module: 'pdfmake/js/Renderer.js', methods: ['renderPages', 'renderLine', 'renderVector', 'renderImage', 'renderSVG'] },
  // Walks the definition: which node is being laid out when a line is made.
  LayoutBuilder: { module: 'pdfmake/js/LayoutBuilder.js', methods: ['processNode', 'processList'] },
  // Puts lines, vectors and images on pages; each item takes the role of the node being laid out.
  ElementWriter: { module: 'pdfmake/js/ElementWriter.js', methods: ['addLine', 'addVector', 'addImage', 'addSVG', 'addFragment'] },
  // Repeats table header rows on a new page (those copies are pagination artifacts).
  PageElementWriter: { module: 'pdfmake/js/PageElementWriter.js', methods: ['moveToNextPage'] },
} as const;

/** pdfkit's document methods that tagging calls (pdfkit 0.19's structure API). */
const PDFKIT_METHODS = ['struct', 'addStructure', 'markContent', 'markStructureContent', 'endMarkedContent', 'getStructTreeRoot', 'text', 'annotate'] as const;

export type Internals = { readonly [K in keyof typeof CONTRACT]: Prototype };

/**
 * The methods the layout patches replace, each by the module that patches it: balance.ts (where
 * each block a page may start before was laid out), fonts.ts (one font
 * parse for every document), keep.ts (widow and orphan control, headings kept with the measured
 * first lines of what follows, a heading's space before dropped at the top of a page),
 * leader.ts (contents leaders), tighten.ts (a short last page pulled back), wrap.ts (long words in
 * linear time), preview.ts (a preview's words of one style drawn as one run), style-cache.ts (named
 * styles resolved once per document, the style of a paragraph's words once per inline), cut.ts (a
 * layout given up past its page limit), draft.ts (a layout another replaces is not drawn).
 */
export const PATCHED = {
  'pdfmake/js/PDFDocument.js': ['provideFont'],
  'pdfmake/js/LayoutBuilder.js': ['processLeaf', 'buildNextLine', 'processNode', 'tryLayoutDocument', 'layoutDocument'],
  'pdfmake/js/Line.js': ['hasEnoughSpaceForInline'],
  'pdfmake/js/ElementWriter.js': ['addFragment'],
  'pdfmake/js/Renderer.js': ['renderLine'],
  'pdfmake/js/StyleContextStack.js': ['getProperty'],
  'pdfmake/js/TextInlines.js': ['measure'],
  'pdfmake/js/DocumentContext.js': ['addPage'],
} as const;

type Patched = typeof PATCHED;

/**
 * The prototype of one of pdfmake's classes, to patch the methods `PATCHED` names for it; throws
 * naming the module and method when the installed pdfmake no longer has them.
 */
export function pdfmakePrototype<M extends keyof Patched, P extends object = Prototype>(module: M, methods: readonly Patched[M][number][] = PATCHED[module]): P {
  let proto: Prototype | undefined;
  try {
    proto = (require(module) as { default?: { prototype?: Prototype } }).default?.prototype;
  } catch {
    proto = undefined;
  }
  const missing = proto ? methods.filter((m) => typeof proto[m] !== 'function') : methods;
  if (!proto || missing.length > 0) {
    throw new Error(`pdfmake's ${module} lacks ${missing.join(', ')}: pdfmake changed its internals (this writer was made for 0.3.11); adapt src/write/pdf or pin pdfmake.`);
  }
  return proto as P;
}

let cached: Internals | undefined;

/** The prototypes to patch; throws naming every missing piece when pdfmake changed. */
export function pdfmakeInternals(): Internals {
  if (cached) return cached;
  const missing: string[] = [];
  const found: Partial<Record<keyof typeof CONTRACT, Prototype>> = {};
  for (const [name, { module, methods }] of Object.entries(CONTRACT) as [keyof typeof CONTRACT, (typeof CONTRACT)[keyof typeof CONTRACT]][]) {
    let proto: Prototype | undefined;
    try {
      const loaded = require(module) as { default?: { prototype?: Prototype } };
      proto = loaded.default?.prototype;
    } catch {
      proto = undefined;
    }
    if (!proto) {
      missing.push(`${name} (${module})`);
      continue;
    }
    for (const method of methods) if (typeof proto[method] !== 'function') missing.push(`${name}.${method}`);
    found[name] = proto;
  }
  if (missing.length > 0) {
    throw new Error(
      `Tagged PDF needs pdfmake internals that the installed pdfmake lacks: ${missing.join(', ')}. ` +
        'pdfmake was upgraded past the version src/write/pdf/tagging.ts was written for (0.3.11); adapt tagging.ts or pin pdfmake.',
    );
  }
  cached = found as Internals;
  return cached;
}

/** Checks a pdfkit document for the structure API; throws naming what is missing. */
export function checkPdfkit(doc: object): void {
  const missing = PDFKIT_METHODS.filter((m) => typeof (doc as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new Error(`Tagged PDF needs pdfkit's structure API; the installed pdfkit lacks ${missing.join(', ')} (written for pdfkit 0.19.1).`);
  }
}
