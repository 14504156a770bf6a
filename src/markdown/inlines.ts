import type { Token } from 'markdown-it';
import type { Inline } from '../document/model.js';
import { MarkdownError } from '../errors.js';
import { PLACEHOLDER } from './rich.js';

export interface InlineContext {
  /** markdown-it's footnote number → our footnote id. */
  footnoteId(index: number, label: string | undefined): string;
  warn(code: string, message: string): void;
  /** The inlines of rich-text field `n`, for its placeholder inside a line (see rich.ts). */
  field?(n: number): Inline[];
  /** Field `n`'s Markdown source, for a placeholder inside code. */
  fieldSource?(n: number): string;
}

const EXTERNAL = /^(https?:|mailto:)/i;

/** `%FF` and other malformed escapes stay as written rather than ending the run. */
function decodeTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/** Turns the children of one markdown-it `inline` token into model inlines. */
export function toInlines(tokens: readonly Token[], context: InlineContext): Inline[] {
  const root: Inline[] = [];
  const stack: { kind: string; children: Inline[]; href?: string }[] = [{ kind: 'root', children: root }];
  const top = () => stack[stack.length - 1]!;
  const push = (node: Inline) => {
    const children = top().children;
    const last = children[children.length - 1];
    // Adjacent text runs are merged so writers see one run per style change.
    if (node.type === 'text' && last?.type === 'text') children[children.length - 1] = { type: 'text', value: last.value + node.value };
    else children.push(node);
  };
  const close = (kind: string) => {
    const frame = stack.pop();
    if (!frame || frame.kind !== kind) throw new MarkdownError('UnbalancedInline', `Unbalanced ${kind} in generated Markdown.`);
    return frame;
  };
  const text = (value: string) => {
    if (!context.field) {
      if (value) push({ type: 'text', value });
      return;
    }
    let at = 0;
    for (const m of value.matchAll(PLACEHOLDER)) {
      if (m.index > at) push({ type: 'text', value: value.slice(at, m.index) });
      for (const node of context.field(Number(m[1]))) push(node);
      at = m.index + m[0].length;
    }
    if (at < value.length) push({ type: 'text', value: value.slice(at) });
  };
  const code = (value: string) => (context.fieldSource ? value.replace(PLACEHOLDER, (_, n: string) => context.fieldSource!(Number(n))) : value);

  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'text_special':
        text(token.content);
        break;
      case 'softbreak':
        push({ type: 'text', value: ' ' });
        break;
      case 'hardbreak':
        push({ type: 'break' });
        break;
      case 'code_inline':
        push({ type: 'code', value: code(token.content) });
        break;
      case 'strong_open':
      case 'em_open':
        stack.push({ kind: token.type, children: [] });
        break;
      case 'strong_close':
        push({ type: 'strong', children: close('strong_open').children });
        break;
      case 'em_close':
        push({ type: 'emphasis', children: close('em_open').children });
        break;
      case 'link_open':
        stack.push({ kind: 'link_open', children: [], href: String(token.attrGet('href') ?? '') });
        break;
      case 'link_close': {
        const frame = close('link_open');
        const href = frame.href ?? '';
        if (href.startsWith('#') && href.length > 1) push({ type: 'crossReference', target: decodeTarget(href.slice(1)), children: frame.children });
        else if (EXTERNAL.test(href)) push({ type: 'link', url: href, children: frame.children });
        else {
          context.warn('LinkNotRendered', `Link to '${href}' is neither external (http, https, mailto) nor '#id'; printed as text.`);
          for (const child of frame.children) push(child);
        }
        break;
      }
      case 'footnote_ref': {
        const meta = token.meta as { id: number; label?: string };
        push({ type: 'footnoteReference', id: context.footnoteId(meta.id, meta.label) });
        break;
      }
      case 'image': {
        context.warn('InlineImage', 'An image inside a paragraph is printed as its alt text; put it on a line of its own.');
        const alt = altText(token, context);
        if (alt) push({ type: 'text', value: alt });
        break;
      }
      default:
        context.warn('InlineNotRendered', `Inline '${token.type}' is not supported; its text is kept.`);
        if (token.content) push({ type: 'text', value: token.content });
    }
  }
  if (stack.length !== 1) throw new MarkdownError('UnbalancedInline', 'Unbalanced emphasis or link in generated Markdown.');
  return root;
}

/** An image's description as a reader hears it: the text of its Markdown, not the Markdown. */
export function altText(image: Token, context: InlineContext): string {
  return plainText(toInlines(image.children ?? [], { ...context, warn: () => undefined }));
}

export function plainText(inlines: readonly Inline[]): string {
  return inlines
    .map((n) => {
      switch (n.type) {
        case 'text':
        case 'code':
          return n.value;
        case 'break':
          return ' ';
        case 'footnoteReference':
          return '';
        default:
          return plainText(n.children);
      }
    })
    .join('');
}
