// Inline nodes to docx runs: one handler per inline type.
import { Bookmark, EndnoteReferenceRun, ExternalHyperlink, ImportedXmlComponent, InternalHyperlink, TextRun, type ParagraphChild } from 'docx';
import type { Inline, InlineMap } from '../../document/model.js';
import { warn, type WalkEnv, type WalkState } from './context.js';
import { STYLE } from './styles.js';
import { plainText, printedUrl, showsAddress, splitRanges } from '../text.js';

type InlineHandler<K extends keyof InlineMap> = (node: InlineMap[K], env: WalkEnv, state: WalkState) => ParagraphChild[];

const textRun = (text: string, env: WalkEnv, style = env.run.style, breakBefore = false): TextRun =>
  new TextRun({ text, bold: env.run.bold, italics: env.run.italics, style, ...(breakBefore ? { break: 1 } : {}) });

/** Code keeps its lines: Word reads a line feed inside a run as a space. */
const codeRuns = (value: string, env: WalkEnv): TextRun[] =>
  value === '' ? [] : value.split('\n').map((line, i) => textRun(line, env, env.run.style ?? STYLE.code, i > 0));

function linked(children: readonly Inline[], env: WalkEnv, state: WalkState): ParagraphChild[] {
  return inlines(children, { ...env, inLink: true, run: { ...env.run, style: STYLE.hyperlink } }, state);
}

const handlers = {
  // A range ("2021–2025") is not broken after its dash: a word joiner (U+2060) holds it together.
  text: (node, env) => (node.value === '' ? [] : [textRun(splitRanges(node.value).map((p) => (p.range ? p.text.replace('\u2013', '\u2013\u2060') : p.text)).join(''), env)]),
  strong: (node, env, state) => inlines(node.children, { ...env, run: { ...env.run, bold: true } }, state),
  emphasis: (node, env, state) => inlines(node.children, { ...env, run: { ...env.run, italics: true } }, state),
  code: (node, env) => codeRuns(node.value, env),
  link: (node, env, state) => {
    if (env.inLink) return inlines(node.children, env, state);
    // A link without text still has to be seen and clicked: its address stands in, shortened for
    // print as an address shown as its own text is (as in the PDF).
    const shown = showsAddress(node.url, plainText(node.children)) ? [{ type: 'text' as const, value: printedUrl(node.url) }] : node.children;
    const children = linked(shown, env, state);
    return [new ExternalHyperlink({ link: node.url, children })];
  },
  crossReference: (node, env, state) => {
    if (env.inLink) return inlines(node.children, env, state);
    if (!state.headingIds.has(node.target)) {
      warn(state, 'CrossReferenceTarget', `Cross-reference to unknown heading '${node.target}': written as plain text.`, node.source);
      return inlines(node.children, env, state);
    }
    return [new InternalHyperlink({ anchor: state.bookmarks.get(node.target) ?? node.target, children: linked(node.children, env, state) })];
  },
  footnoteReference: (node, env, state) => {
    if (!Object.hasOwn(env.doc.footnotes, node.id)) {
      warn(state, 'FootnoteMissing', `Footnote '${node.id}' is referenced but not defined: left out.`, node.source);
      return [];
    }
    const number = state.footnoteNumbers.get(node.id);
    // A source cited again is the same note: a NOTEREF field to the first reference shows its
    // number in the note reference style and jumps to it (Word and LibreOffice both update it), so
    // the DOCX numbers notes as the PDF does. A plain superscript digit would be no reference.
    if (number !== undefined) return noteReference(number);
    state.footnoteOrder.push(node.id);
    const n = state.footnoteOrder.length;
    state.footnoteNumbers.set(node.id, n);
    return [new Bookmark({ id: noteBookmark(n), children: [new EndnoteReferenceRun(n)] })];
  },
  break: () => [new TextRun({ break: 1 })],
} satisfies { [K in Inline['type']]: InlineHandler<K> };

/** The hidden bookmark (Word's own `_Ref` form) around the first reference to note `n`. */
const noteBookmark = (n: number): string => `_RefNote${n}`;

/** A NOTEREF field to note `n`, its result cached so it reads right before any field update. */
function noteReference(n: number): ParagraphChild[] {
  const xml = [
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    `<w:r><w:instrText xml:space="preserve"> NOTEREF ${noteBookmark(n)} \\f \\h </w:instrText></w:r>`,
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
    `<w:r><w:rPr><w:rStyle w:val="${STYLE.noteReference}"/></w:rPr><w:t>${n}</w:t></w:r>`,
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
  ];
  // docx has no complex-field run of its own; its imported XML is written as given.
  return xml.map((run) => ImportedXmlComponent.fromXmlString(run) as unknown as ParagraphChild);
}

export function inlines(nodes: readonly Inline[], env: WalkEnv, state: WalkState): ParagraphChild[] {
  return nodes.flatMap((node, i) => {
    const out = (handlers[node.type] as InlineHandler<typeof node.type>)(node, env, state);
    // Notes 3 and 4 side by side would read as note 34: separate them as print does, "3,4".
    return node.type === 'footnoteReference' && nodes[i - 1]?.type === 'footnoteReference' ? [new TextRun({ text: ',', style: STYLE.noteReference }), ...out] : out;
  });
}

/** Whether inline content prints anything: empty paragraphs are never written. */
export function hasContent(nodes: readonly Inline[]): boolean {
  return nodes.some((node) => {
    switch (node.type) {
      case 'text':
      case 'code':
        return node.value.trim() !== '';
      case 'footnoteReference':
        return true;
      case 'break':
        return false;
      default:
        return hasContent(node.children);
    }
  });
}
