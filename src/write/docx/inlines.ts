// Inline nodes to docx runs: one handler per inline type.
import { ExternalHyperlink, FootnoteReferenceRun, InternalHyperlink, TextRun, type ParagraphChild } from 'docx';
import { XML_FORBIDDEN } from '../../document/characters.js';
import type { Inline, InlineMap } from '../../document/model.js';
import { warn, type WalkEnv, type WalkState } from './context.js';
import { STYLE } from './styles.js';

type InlineHandler<K extends keyof InlineMap> = (node: InlineMap[K], env: WalkEnv, state: WalkState) => ParagraphChild[];

// Content arrives clean (content/sanitize.ts); a template's own text may not, and one forbidden
// character would leave a DOCX that Word refuses to open.
const textRun = (text: string, env: WalkEnv, style = env.run.style, breakBefore = false): TextRun =>
  new TextRun({ text: text.replace(XML_FORBIDDEN, ''), bold: env.run.bold, italics: env.run.italics, style, ...(breakBefore ? { break: 1 } : {}) });

/** Code keeps its lines: Word reads a line feed inside a run as a space. */
const codeRuns = (value: string, env: WalkEnv): TextRun[] =>
  value === '' ? [] : value.split('\n').map((line, i) => textRun(line, env, env.run.style ?? STYLE.code, i > 0));

function linked(children: readonly Inline[], env: WalkEnv, state: WalkState): ParagraphChild[] {
  return inlines(children, { ...env, inLink: true, run: { ...env.run, style: STYLE.hyperlink } }, state);
}

const handlers = {
  text: (node, env) => (node.value === '' ? [] : [textRun(node.value, env)]),
  strong: (node, env, state) => inlines(node.children, { ...env, run: { ...env.run, bold: true } }, state),
  emphasis: (node, env, state) => inlines(node.children, { ...env, run: { ...env.run, italics: true } }, state),
  code: (node, env) => codeRuns(node.value, env),
  link: (node, env, state) => {
    if (env.inLink) return inlines(node.children, env, state);
    // A link without text still has to be seen and clicked: its address stands in (as in the PDF).
    const children = linked(hasContent(node.children) ? node.children : [{ type: 'text', value: node.url }], env, state);
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
    // Word and LibreOffice number footnote references by occurrence and give each its own note, so
    // a note cited again is shown by its number in the reference style, not referenced twice.
    if (number !== undefined) return [new TextRun({ text: String(number), style: 'FootnoteReference' })];
    state.footnoteOrder.push(node.id);
    state.footnoteNumbers.set(node.id, state.footnoteOrder.length);
    return [new FootnoteReferenceRun(state.footnoteOrder.length)];
  },
  break: () => [new TextRun({ break: 1 })],
} satisfies { [K in Inline['type']]: InlineHandler<K> };

export function inlines(nodes: readonly Inline[], env: WalkEnv, state: WalkState): ParagraphChild[] {
  return nodes.flatMap((node, i) => {
    const out = (handlers[node.type] as InlineHandler<typeof node.type>)(node, env, state);
    // Notes 3 and 4 side by side would read as note 34: separate them as print does, "3,4".
    return node.type === 'footnoteReference' && nodes[i - 1]?.type === 'footnoteReference' ? [new TextRun({ text: ',', style: 'FootnoteReference' }), ...out] : out;
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
