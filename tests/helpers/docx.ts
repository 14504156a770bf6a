// Reads a .docx the way a test needs it: parts as text, paragraphs with their style and text.
import JSZip from 'jszip';

export interface DocxPackage {
  readonly paths: readonly string[];
  /** A part's XML; throws when the part is missing so a test says which. */
  xml(path: string): string;
  has(path: string): boolean;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxPackage> {
  const zip = await JSZip.loadAsync(bytes);
  const paths = Object.keys(zip.files).filter((p) => !zip.files[p]!.dir);
  const texts = new Map<string, string>();
  for (const path of paths) {
    if (/\.(xml|rels)$/.test(path)) texts.set(path, await zip.file(path)!.async('string'));
  }
  return {
    paths,
    has: (path) => paths.includes(path),
    xml: (path) => {
      const text = texts.get(path);
      if (text === undefined) throw new Error(`No XML part ${path} in the package (has: ${paths.join(', ')})`);
      return text;
    },
  };
}

const decode = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export interface ParagraphInfo {
  readonly style: string | undefined;
  readonly text: string;
  readonly xml: string;
}

/** Top-level and nested `w:p` elements in document order (table cells included). */
export function paragraphs(xml: string): ParagraphInfo[] {
  const found: ParagraphInfo[] = [];
  for (const match of xml.matchAll(/<w:p\b(?:\/>|[^>]*>[\s\S]*?<\/w:p>)/g)) {
    const p = match[0];
    found.push({ style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1], text: textOf(p), xml: p });
  }
  return found;
}

/** The printed text of some XML: every w:t, with tabs and breaks as spaces. */
export function textOf(xml: string): string {
  let text = '';
  for (const match of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)) {
    text += match[1] !== undefined ? decode(match[1]) : ' ';
  }
  return text;
}

/** Header and footer parts with their text, by path. */
export function headerFooterTexts(pkg: DocxPackage): Map<string, string> {
  const parts = pkg.paths.filter((p) => /^word\/(header|footer)\d+\.xml$/.test(p)).sort();
  return new Map(parts.map((p) => [p, textOf(pkg.xml(p))]));
}

/** The style block with the given id in styles.xml. */
export function styleXml(stylesXml: string, id: string): string | undefined {
  return new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(stylesXml)?.[0];
}

/** Which header/footer parts each section references, by type (default, first, even). */
export function sectionReferences(documentXml: string, pkg: DocxPackage): { headers: Record<string, string>; footers: Record<string, string> }[] {
  const rels = pkg.xml('word/_rels/document.xml.rels');
  const target = (id: string) => `word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1]}`;
  return [...documentXml.matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)].map(([sect]) => {
    const refs = (kind: 'header' | 'footer') =>
      Object.fromEntries(
        [...sect.matchAll(new RegExp(`<w:${kind}Reference w:type="(\\w+)" r:id="(\\w+)"/>`, 'g'))].map((m) => [m[1]!, target(m[2]!)]),
      );
    return { headers: refs('header'), footers: refs('footer') };
  });
}

/** Recursively freezes plain objects and arrays (typed arrays cannot be frozen and are skipped). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
