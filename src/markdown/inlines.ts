import type { Token } from 'markdown-it';
import type { Inline } from '../document/model.js';
import { MarkdownError } from '../errors.js';

export interface InlineContext {
  /** markdown-it's footnote number → our footnote id. */
  footnoteId(index: number, label: string | undefined): string;
  warn(code: string, message: string): void;
}

const EXTERNAL = /^(https?:|mailto:)/i;

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

  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'text_special':
        if (token.content) push({ type: 'text', value: token.content });
        break;
      case 'softbreak':
        push({ type: 'text', value: ' ' });
        break;
      case 'hardbreak':
        push({ type: 'break' });
        break;
      case 'code_inline':
        push({ type: 'code', value: token.content });
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
        if (href.startsWith('#') && href.length > 1) push({ type: 'crossReference', target: decodeURIComponent(href.slice(1)), children: frame.children });
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
      case 'image':
        context.warn('InlineImage', 'An image inside a paragraph is printed as its alt text; put it on a line of its own.');
        push({ type: 'text', value: token.content });
        break;
      default:
        context.warn('InlineNotRendered', `Inline '${token.type}' is not supported; its text is kept.`);
        if (token.content) push({ type: 'text', value: token.content });
    }
  }
  if (stack.length !== 1) throw new MarkdownError('UnbalancedInline', 'Unbalanced emphasis or link in generated Markdown.');
  return root;
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
