// Footnotes print as numbered endnotes under a "Notes" heading (in the document's language) at the end of the document.
// pdfmake has no footnote area: reserving space at the foot of the right page would need a
// layout pass per note, so the reliable form is chosen. Markers link to their note.
import { labelsOf } from '../labels.js';
import { blocks, pageStart } from './blocks.js';
import type { Context, State } from './context.js';
import type { Block } from '../../document/model.js';
import { noteDestination, plainText, type PdfNode } from './inlines.js';
import { tag } from './tagging.js';

export const NOTES_ID = 'briefpack-notes';

/** Paragraphs only, a few lines long: safe to keep on one page (pdfmake drops what overflows an unbreakable block). */
function shortNote(children: readonly Block[]): boolean {
  return children.every((b) => b.type === 'paragraph') && children.reduce((n, b) => n + (b.type === 'paragraph' ? plainText(b.children).length : 0), 0) < 800;
}

/** A part of a bound pack: its notes print after it, under its title in the outline. */
export interface PartNotes {
  /** Notes numbered from here on are the part's own. */
  readonly from: number;
  /** Notes the part cites that an earlier part numbered first: listed again, under their number. */
  readonly cited: ReadonlySet<string>;
  /** Destination of the part's title, the notes heading's parent in the outline. */
  readonly parent: string;
}

export function notes(ctx: Context, state: State, part?: PartNotes): PdfNode[] {
  const from = part?.from ?? 0;
  const listed = (i: number) => i >= from || part?.cited.has(state.footnoteOrder[i]!) === true;
  if (!state.footnoteOrder.some((_id, i) => listed(i))) return [];
  const items: PdfNode[] = [];
  const inner: Context = { ...ctx, inNote: true, width: ctx.width - 20 };
  // A note may itself reference a new note, which gets the next number: walk until none are added.
  for (let i = 0; i < state.footnoteOrder.length; i++) {
    if (!listed(i)) continue;
    const id = state.footnoteOrder[i]!;
    const n = i + 1;
    // Markers link to a note's first listing: a destination is named once.
    const destination = state.usedIds.has(noteDestination(n)) ? undefined : noteDestination(n);
    if (destination) state.usedIds.add(destination);
    const item: PdfNode = tag({
      columns: [
        { text: `${n}.`, width: 18, id: destination, style: 'note' },
        // The note's paragraphs take the note style themselves; the stack only passes its size on to
        // lists and tables (a style here would add the note's space after once more).
        { stack: blocks(ctx.doc.footnotes[id]!.children, inner, state), width: '*', fontSize: ctx.theme.size.small },
      ],
      columnGap: 2,
      // The number sits in a column of its own, which pdfmake would leave behind at the foot of a
      // page when the note's first lines move on: a short note is kept whole.
      unbreakable: shortNote(ctx.doc.footnotes[id]!.children),
    }, 'Note');
    // A page may start before any note but the first (kept with the heading): the writer's own
    // addresses, since the DOCX sets its notes at the foot of their pages.
    items.push(pageStart(item, `notes:${part?.parent ?? ''}:${n}`, ctx, items.length > 0));
  }
  // A top-level heading in the outline, so H1 in the structure too (H2 under a bound part's title).
  const first = !state.usedIds.has(NOTES_ID);
  state.usedIds.add(NOTES_ID);
  const heading: PdfNode = tag({
    text: labelsOf(ctx.doc.metadata).notes,
    style: 'h2',
    id: first ? NOTES_ID : undefined,
    outline: true,
    ...(part ? { outlineParentId: part.parent } : {}),
    margin: [0, ctx.theme.spacing.headingBefore * 1.5, 0, ctx.theme.spacing.headingAfter],
  }, part ? 'H2' : 'H1');
  return [{ stack: [heading, items[0]!], unbreakable: true }, ...items.slice(1)];
}
