// List numbering: one bullet definition, one decimal definition per start number. Every list
// uses a fresh instance, so each ordered list restarts at its own start.
import { AlignmentType, LevelFormat, type INumberingOptions } from 'docx';
import type { Theme } from '../../theme/schema.js';
import { twip } from './units.js';

export const BULLET_REF = 'bullet';
export const orderedRef = (start: number): string => `decimal-${start}`;

const LEVELS = 9;
const BULLETS = ['\u2022', '\u2013', '\u2022', '\u2013'] as const;

/** Left indent of a list level's text, so paragraphs after the first in an item line up with it. */
export const listTextIndent = (theme: Theme, level: number): number => twip(theme.spacing.listIndent * (level + 1));

function indent(theme: Theme, level: number) {
  return { paragraph: { indent: { left: listTextIndent(theme, level), hanging: twip(theme.spacing.listIndent) } } };
}

export function numberingFor(theme: Theme, orderedStarts: ReadonlySet<number>): INumberingOptions {
  const levels = Array.from({ length: LEVELS }, (_, level) => level);
  return {
    config: [
      {
        reference: BULLET_REF,
        levels: levels.map((level) => ({
          level,
          format: LevelFormat.BULLET,
          text: BULLETS[level % BULLETS.length] ?? '\u2022',
          alignment: AlignmentType.LEFT,
          style: indent(theme, level),
        })),
      },
      ...[...orderedStarts].sort((a, b) => a - b).map((start) => ({
        reference: orderedRef(start),
        levels: levels.map((level) => ({
          level,
          format: LevelFormat.DECIMAL,
          text: `%${level + 1}.`,
          start,
          alignment: AlignmentType.LEFT,
          style: indent(theme, level),
        })),
      })),
    ],
  };
}
