// Fitting a document to a page budget, measured on the rendered PDF, not on word counts.
// The trim ladder (select/rules.ts) orders what goes first; a binary search over its steps finds
// the least trimming that fits, in about log2(steps) layouts rather than one per item.
import type { Content } from '../content/schema.js';
import { RenderError } from '../errors.js';
import { MAX_TRIM } from '../select/index.js';
import type { Written } from '../write/index.js';
import { buildDocument, renderMeasured, type Built, type DocumentRequest, type Services } from './build.js';

export interface Fitted {
  readonly built: Built;
  readonly pdf: Written;
  readonly trim: number;
  readonly layouts: number;
}

export async function fitToPages(content: Content, request: DocumentRequest, budget: number, services: Services): Promise<Fitted> {
  const cache = new Map<number, { built: Built; pdf: Written }>();
  // Building is cheap, laying out is not; and many steps change nothing in a given document (an
  // annex has no speaking points to drop). A step whose Markdown was laid out already reuses it.
  const laidOut = new Map<string, { built: Built; pdf: Written }>();
  const attempt = async (trim: number) => {
    let hit = cache.get(trim);
    if (!hit) {
      const built = buildDocument(content, { ...request, trim }, services);
      const same = laidOut.get(built.markdown);
      // An attempt over budget is thrown away, so only its page count matters: its PDF stops at
      // the budget. The attempt kept always fits, so its PDF is whole.
      hit = same ? { ...same, built: { ...same.built, view: built.view } } : await renderMeasured(built, services.theme, { pageLimit: budget });
      if (!same) laidOut.set(built.markdown, hit);
      cache.set(trim, hit);
    }
    return hit;
  };
  const layouts = () => laidOut.size;
  const first = await attempt(0);
  if ((first.pdf.pages ?? Infinity) <= budget) return { ...first, trim: 0, layouts: layouts() };
  // Invariant: lo does not fit; hi fits, or is the last step. The last step is laid out only when
  // nothing before it fits, which saves a layout in the usual case.
  let lo = 0;
  let hi = MAX_TRIM;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (((await attempt(mid)).pdf.pages ?? Infinity) <= budget) hi = mid;
    else lo = mid;
  }
  const best = await attempt(hi);
  if ((best.pdf.pages ?? Infinity) > budget) {
    throw new RenderError('BudgetTooSmall', `'${request.document.id}' needs at least ${best.pdf.pages} page(s) even at its minimum; the budget is ${budget}.`, {
      hint: `Ask for --pages ${best.pdf.pages} or more, or focus on fewer topics (--topic … --only).`,
    });
  }
  return { ...best, trim: hi, layouts: layouts() };
}
