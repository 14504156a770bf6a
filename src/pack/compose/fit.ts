// Fitting a document to a page budget, measured on the rendered PDF, not on word counts.
// The trim ladder (select/rules.ts) orders what goes first; a binary search over its steps finds
// the least trimming that fits, in about log2(steps) layouts rather than one per item.
import type { Content } from '../../content/schema.js';
import type { Diagnostic } from '../../document/model.js';
import { RenderError } from '../../errors.js';
import { MAX_TRIM } from '../../select/index.js';
import type { Written } from '../../write/index.js';
import { buildDocument, pdfOptions, renderMeasured, type Built, type DocumentRequest, type Services } from './build.js';

export interface Fitted {
  readonly built: Built;
  readonly pdf: Written;
  readonly trim: number;
  readonly layouts: number;
}

/**
 * The least trimming that fits `budget` pages. A hard budget (--pages) that even the shortest
 * version misses is an error; a soft one (a length's target) keeps the shortest version and warns.
 */
export async function fitToPages(content: Content, request: DocumentRequest, budget: number, services: Services, hard = true): Promise<Fitted> {
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
      hit = same ? { ...same, built: { ...same.built, view: built.view } } : await renderMeasured(built, services.theme, { ...pdfOptions(services), pageLimit: budget });
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
  const pages = best.pdf.pages ?? Infinity;
  if (pages <= budget) return { ...best, trim: hi, layouts: layouts() };
  if (hard) {
    throw new RenderError('BudgetTooSmall', `'${request.document.id}' needs at least ${pages} pages even at its shortest; its budget is ${budget === 1 ? 'one page' : `${budget} pages`}.`, {
      hint: `Ask for --pages ${pages} or more, or focus on fewer topics (--topic … --only).`,
    });
  }
  // A length's page count is a target: the shortest version is kept, whole, with a warning.
  const whole = await renderMeasured(best.built, services.theme, pdfOptions(services));
  const shown = `'${request.document.id}'${request.recipient !== undefined ? ` for ${request.recipient}` : ''}`;
  const warning: Diagnostic = {
    code: 'LengthNotMet',
    severity: 'warning',
    message: `${shown} takes ${whole.pdf.pages} pages at its shortest; the ${request.length} length aims at ${budget}. Kept at ${whole.pdf.pages} pages.`,
  };
  return { built: { ...whole.built, diagnostics: [...whole.built.diagnostics, warning] }, pdf: whole.pdf, trim: hi, layouts: layouts() + 1 };
}
