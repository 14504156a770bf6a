// Footnotes print as numbered endnotes under a "Notes" heading (in the document's language) at the end of the document.
// pdfmake has no footnote area: reserving space at the foot of the right page would need a
// layout pass per note, so the reliable form is chosen. Markers link to their note.
import { labelsOf } from '../labels.js';
import { blocks } from './blocks.js';
import type { Context, State } from './context.js';
import { noteDestination, type PdfNode } from './inlines.js';
import { tag } from './tagging.js';

export const NOTES_ID = 'briefpack-notes';

/**
 * The notes numbered from `from` on (a bound pack prints each part's notes after it, and nests
 * their heading under the part's, `parent`, in the outline).
 */
export function notes(ctx: Context, state: State, from = 0, parent?: string): PdfNode[] {
  if (state.footnoteOrder.length <= from) return [];
  const items: PdfNode[] = [];
  const inner: Context = { ...ctx, inNote: true, width: ctx.width - 20 };
  // A note may itself reference a new note, which gets the next number: walk until none are added.
  for (let i = from; i < state.footnoteOrder.length; i++) {
    const id = state.footnoteOrder[i]!;
    const n = i + 1;
    items.push(tag({
      columns: [
        { text: `${n}.`, width: 18, id: noteDestination(n), style: 'note' },
        // The note's paragraphs take the note style themselves; the stack only passes its size on to
        // lists and tables (a style here would add the note's space after once more).
        { stack: blocks(ctx.doc.footnotes[id]!.children, inner, state), width: '*', fontSize: ctx.theme.size.small },
      ],
      columnGap: 2,
    }, 'Note'));
  }
  // A top-level heading in the outline, so H1 in the structure too (H2 under a bound part's title).
  const first = !state.usedIds.has(NOTES_ID);
  state.usedIds.add(NOTES_ID);
  const heading: PdfNode = tag({
    text: labelsOf(ctx.doc.metadata).notes,
    style: 'h2',
    id: first ? NOTES_ID : undefined,
    outline: true,
    ...(parent !== undefined ? { outlineParentId: parent } : {}),
    margin: [0, ctx.theme.spacing.headingBefore * 1.5, 0, ctx.theme.spacing.headingAfter],
  }, parent !== undefined ? 'H2' : 'H1');
  return [{ stack: [heading, items[0]!], unbreakable: true }, ...items.slice(1)];
}
