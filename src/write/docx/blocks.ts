// Block nodes to docx paragraphs and tables: one handler per block type.
import {
  AlignmentType, Bookmark, ImageRun, PageBreak, Paragraph, TableOfContents, TextRun,
  type FileChild, type IParagraphOptions,
} from 'docx';
import type { Block, BlockMap, Image, Paragraph as ParagraphNode } from '../../document/model.js';
import { warn, type WalkEnv, type WalkState } from './context.js';
import { hasContent, inlines } from './inlines.js';
import { BULLET_REF, listTextIndent, orderedRef } from './numbering.js';
import { ROLE_STYLE, STYLE, headingStyle, unlistedHeadingStyle } from './styles.js';
import { belowCallout, boxed, callout, table } from './tables.js';
import { keptWhole, leadsInto, onOneLine } from '../pagination.js';
import { px, textWidthPt, twip } from './units.js';

type BlockHandler<K extends keyof BlockMap> = (node: BlockMap[K], env: WalkEnv, state: WalkState) => FileChild[];

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/**
 * Every paragraph of the body goes through here, to take up a pending page break or table gap.
 * `oneLine` says a paragraph is expected to take a single line: right after a heading it is kept
 * with what follows too, so the heading keeps two lines of text below it, as in the PDF.
 */
function para(options: IParagraphOptions, env: WalkEnv, state: WalkState, isHeading = false, oneLine = false): Paragraph {
  let extra: IParagraphOptions = {};
  if (!env.inBox && state.pageBreakPending) extra = { pageBreakBefore: true };
  // Tables carry no space after them; the paragraph after one takes it as space before.
  else if (!env.inBox && state.afterTable && !isHeading) extra = { spacing: { before: twip(env.theme.spacing.paragraphAfter) } };
  else if (!env.inBox && state.afterCallout && !isHeading) extra = { spacing: { before: twip(belowCallout(env.theme)) } };
  if (!env.inBox && !isHeading && state.afterHeading && oneLine) extra = { ...extra, keepNext: true };
  if (!env.inBox) {
    state.pageBreakPending = false;
    state.afterTable = false;
    state.afterCallout = false;
    state.afterHeading = isHeading;
  }
  const spacing = options.spacing || extra.spacing ? { spacing: { ...options.spacing, ...extra.spacing } } : {};
  return new Paragraph({ ...options, ...extra, ...spacing, ...(env.callout ? boxed(options, env) : {}) });
}

/** What a table must write before itself: a pending page break, or a paragraph keeping it apart from a table before. */
function beforeTable(env: WalkEnv, state: WalkState): FileChild[] {
  if (env.inBox) return [];
  if (state.pageBreakPending) {
    state.pageBreakPending = false;
    state.afterTable = false;
    return [new Paragraph({ style: STYLE.tableText, children: [new PageBreak()] })];
  }
  // Word and LibreOffice merge adjacent tables into one; a paragraph between keeps them apart.
  if (state.afterTable) return [new Paragraph({ style: STYLE.tableText, spacing: { after: twip(env.theme.spacing.paragraphAfter) } })];
  return [];
}

function paragraphBlock(node: ParagraphNode, env: WalkEnv, state: WalkState, extra: IParagraphOptions = {}): FileChild[] {
  if (!hasContent(node.children)) return [];
  const inList = env.listLevel >= 0;
  const style = env.inNote ? STYLE.noteText : inList && node.role === 'body' ? STYLE.listBody : ROLE_STYLE[node.role];
  const indent = inList && !extra.numbering ? { indent: { left: listTextIndent(env.theme, env.listLevel) } } : {};
  const options: IParagraphOptions = {
    style,
    ...(node.align ? { alignment: ALIGN[node.align] } : {}),
    ...indent,
    ...(keptWhole(node) ? { keepLines: true } : {}),
    ...extra,
    children: inlines(node.children, env, state),
  };
  const width = textWidthPt(env.theme) - (inList ? env.theme.spacing.listIndent * (env.listLevel + 1) : 0);
  return [para(options, env, state, false, onOneLine(node, env.theme, width))];
}

function image(node: Image, env: WalkEnv, state: WalkState): FileChild[] {
  if (node.format === 'svg') {
    warn(state, 'ImageNotRendered', `SVG image '${node.alt}' has no raster fallback for DOCX: left out.`, node.source);
    return [];
  }
  const indentPt = env.listLevel >= 0 ? env.theme.spacing.listIndent * (env.listLevel + 1) : 0;
  const widthPt = Math.min(node.width ?? node.pixelWidth * 0.75, textWidthPt(env.theme) - indentPt);
  const heightPt = (widthPt * node.pixelHeight) / Math.max(1, node.pixelWidth);
  const run = new ImageRun({
    type: node.format,
    data: node.data,
    transformation: { width: px(widthPt), height: px(heightPt) },
    altText: { name: node.alt, description: node.alt, title: node.alt },
  });
  return [para({ style: STYLE.image, ...(node.align ? { alignment: ALIGN[node.align] } : {}), children: [run] }, env, state)];
}

const handlers = {
  heading: (node, env, state) => {
    if (!hasContent(node.children)) return [];
    const style = node.toc ? headingStyle(node.depth) : unlistedHeadingStyle(node.depth);
    const children = [new Bookmark({ id: state.bookmarks.get(node.id) ?? node.id, children: inlines(node.children, env, state) })];
    // Right under another heading the PDF puts only this one's space before (it takes the larger
    // of the two, as Word does); the style's space before counts a paragraph's space after too.
    const { spacing } = env.theme;
    const own = spacing.headingBefore * (node.depth === 1 ? 1.25 : 1);
    // Below a callout, its space below the box comes first, as in the PDF.
    const under = env.inBox ? {} : state.afterHeading ? { spacing: { before: twip(own) } } : state.afterCallout ? { spacing: { before: twip(own + belowCallout(env.theme)) } } : {};
    return [para({ style, children, ...under }, env, state, true)];
  },
  paragraph: (node, env, state) => paragraphBlock(node, env, state),
  list: (node, env, state) => {
    const level = env.listLevel + 1;
    if (node.ordered) state.orderedStarts.add(node.start);
    const numbering = { reference: node.ordered ? orderedRef(node.start) : BULLET_REF, level, instance: state.nextListInstance++ };
    const inner: WalkEnv = { ...env, listLevel: level };
    const after = twip(env.theme.spacing.paragraphAfter);
    return node.items.flatMap((item, i) => {
      if (!env.inBox && state.breaks.has(item)) state.pageBreakPending = true;
      const lastItem = env.listLevel < 0 && i === node.items.length - 1;
      // The number goes on the item's first paragraph. An item that is empty or opens with
      // something else (a list, a table) gets an empty numbered line, so every item keeps its
      // number, as in the PDF.
      const first = item.children[0];
      const numberedFirst = first?.type === 'paragraph' && hasContent(first.children);
      const lead = numberedFirst
        ? []
        : [para({ style: env.inNote ? STYLE.noteText : STYLE.listBody, numbering, ...(lastItem && !first ? { spacing: { after } } : {}) }, inner, state)];
      return [
        ...lead,
        ...item.children.flatMap((child, j) => {
          const spacing = lastItem && j === item.children.length - 1 ? { spacing: { after } } : {};
          const leads = !env.inBox && leadsInto(child, item.children[j + 1]) ? { keepNext: true } : {};
          if (child.type === 'paragraph') return paragraphBlock(child, inner, state, { ...(j === 0 && numberedFirst ? { numbering } : {}), ...spacing, ...leads });
          return blocks([child], inner, state);
        }),
      ];
    });
  },
  table: (node, env, state) => [...beforeTable(env, state), ...table(node, env, state)],
  callout: (node, env, state) => callout(node, env, state, blocks, (options, inner) => para(options, inner, state)),
  image,
  tableOfContents: (node, env, state) => {
    const title = para({ style: STYLE.tocHeading, children: [new TextRun(node.title)] }, env, state, true);
    // The contents rows come between its title and what follows.
    state.afterHeading = false;
    return [title, new TableOfContents(node.title, { hyperlink: true, headingStyleRange: `1-${node.maxDepth}` })];
  },
  pageBreak: (_node, env, state) => {
    if (!env.inBox) state.pageBreakPending = true;
    return [];
  },
  thematicBreak: (_node, env, state) => [para({ style: STYLE.rule }, env, state)],
  // A cover nested anywhere but the top is laid out in place; the top-level one gets its own section (page.ts).
  cover: (node, env, state) => blocks(node.children, env, state),
} satisfies { [K in Block['type']]: BlockHandler<K> };

export function blocks(nodes: readonly Block[], env: WalkEnv, state: WalkState): FileChild[] {
  return nodes.flatMap((node, i) => {
    if (!env.inBox && state.breaks.has(node)) state.pageBreakPending = true;
    // A headline or a question with its answer stays with the detail that goes on from it, as in the PDF.
    if (!env.inBox && node.type === 'paragraph' && leadsInto(node, nodes[i + 1])) return paragraphBlock(node, env, state, { keepNext: true });
    return (handlers[node.type] as BlockHandler<typeof node.type>)(node, env, state);
  });
}
