// Nesting the writers can lay out. Word numbers a list in 9 levels (a deeper level is not valid in
// a DOCX), and each level indents the PDF's text further; a rich field can nest lists and block
// quotes as deep as Markdown allows. Deeper lists are flattened to the deepest level and deeper
// boxes (callouts, block quotes) give their content to the innermost box allowed, with a warning,
// before either writer sees the document, so both print the same.
import type { Block, Callout, Diagnostic, Document, List, ListItem } from './model.js';

export const MAX_LIST_DEPTH = 9;
export const MAX_BOX_DEPTH = 4;

interface Walk {
  readonly lists: number;
  readonly boxes: number;
  readonly diagnostics: Diagnostic[];
}

/** The document with nothing nested deeper than the writers lay out, and a warning per flattening. */
export function limitNesting(document: Document): { document: Document; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const blocks = limitBlocks(document.blocks, { lists: 0, boxes: 0, diagnostics });
  return { document: blocks === document.blocks ? document : { ...document, blocks }, diagnostics };
}

function limitBlocks(blocks: readonly Block[], walk: Walk): readonly Block[] {
  let changed = false;
  const out: Block[] = [];
  for (const block of blocks) {
    const limited = limitBlock(block, walk);
    if (limited.length !== 1 || limited[0] !== block) changed = true;
    out.push(...limited);
  }
  return changed ? out : blocks;
}

function limitBlock(block: Block, walk: Walk): readonly Block[] {
  switch (block.type) {
    case 'list':
      return [limitList(block, walk)];
    case 'callout':
      return limitCallout(block, walk);
    case 'cover': {
      const children = limitBlocks(block.children, walk);
      return [children === block.children ? block : { ...block, children }];
    }
    default:
      return [block];
  }
}

function limitList(list: List, walk: Walk): List {
  const inner: Walk = { ...walk, lists: walk.lists + 1 };
  if (inner.lists < MAX_LIST_DEPTH) {
    let changed = false;
    const items = list.items.map((item) => {
      const children = limitBlocks(item.children, inner);
      if (children === item.children) return item;
      changed = true;
      return { children };
    });
    return changed ? { ...list, items } : list;
  }
  // The deepest level: lists inside its items become items of their own after the one holding them.
  if (!list.items.some((item) => item.children.some((c) => c.type === 'list'))) return list;
  walk.diagnostics.push({
    code: 'NestingFlattened',
    severity: 'warning',
    message: `A list is nested deeper than ${MAX_LIST_DEPTH} levels, the most Word can number: its deeper items print at level ${MAX_LIST_DEPTH}.`,
    ...(list.source ? { source: list.source } : {}),
  });
  return { ...list, items: list.items.flatMap((item) => flatItems(item, inner)) };
}

// Iterative: the nesting below the limit can be as deep as the input (a recursion could run out
// of stack on a list a thousand deep).
function flatItems(item: ListItem, walk: Walk): ListItem[] {
  const out: ListItem[] = [];
  const stack: ListItem[] = [item];
  while (stack.length > 0) {
    const next = stack.pop()!;
    const own = next.children.filter((c) => c.type !== 'list');
    if (own.length > 0) out.push({ children: limitBlocks(own, walk) });
    const nested = next.children.flatMap((c) => (c.type === 'list' ? c.items : []));
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]!);
  }
  return out;
}

function limitCallout(callout: Callout, walk: Walk): readonly Block[] {
  const inner: Walk = { ...walk, boxes: walk.boxes + 1 };
  if (inner.boxes <= MAX_BOX_DEPTH) {
    const children = limitBlocks(callout.children, inner);
    return [children === callout.children ? callout : { ...callout, children }];
  }
  // Too deep for another box: its content (and every box's inside it) goes into the box around it,
  // each title as a bold line.
  if (walk.boxes === MAX_BOX_DEPTH && !walk.diagnostics.some((d) => d.code === 'BoxesFlattened')) {
    walk.diagnostics.push({
      code: 'BoxesFlattened',
      severity: 'warning',
      message: `Callouts or quotes are nested deeper than ${MAX_BOX_DEPTH} boxes: the deeper ones print inside the ${MAX_BOX_DEPTH}th.`,
      ...(callout.source ? { source: callout.source } : {}),
    });
  }
  // Iterative, as flatItems: the boxes inside may nest as deep as the input.
  const out: Block[] = [];
  const stack: Block[] = [callout];
  while (stack.length > 0) {
    const block = stack.pop()!;
    if (block.type !== 'callout') {
      out.push(...limitBlock(block, walk));
      continue;
    }
    for (let i = block.children.length - 1; i >= 0; i--) stack.push(block.children[i]!);
    if (block.title) stack.push({ type: 'paragraph', role: 'body', children: [{ type: 'strong', children: block.title }] });
  }
  return out;
}
