// pdfmake looks up every style property of every word on its style stack (about twenty lookups a
// word): each lookup pushed the word's styles on the stack and popped them, and each lookup of a
// named style made a closure and a Set and walked the style's `extends` chain again. A named
// style's property is a function of the style dictionary alone, which pdfmake never changes while
// it lays out: so it is resolved once per dictionary, style and property, by pdfmake's own rules
// (the nearest `extends` parent last in the list wins, a cycle ends the walk), and the stack is
// read in pdfmake's order (the word, its styles last first, then the stack) without changing it.
import { pdfmakePrototype } from './vendor.js';

type Style = Record<string, unknown> & { extends?: string | string[] };
type Dictionary = Record<string, Style | undefined>;
type Item = Record<string, unknown> & { style?: unknown; section?: unknown };
interface Stack {
  styleDictionary: Dictionary;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: (string | Record<string, unknown>)[];
  getProperty(property: string): unknown;
}

const isValue = (value: unknown) => value !== undefined && value !== null;
const isString = (value: unknown): value is string => typeof value === 'string' || value instanceof String;

/** pdfmake 0.3.11's lookup of one property in a named style and the styles it extends. */
function fromStyle(dictionary: Dictionary, name: string, property: string, visited = new Set<string>()): unknown {
  if (visited.has(name)) return undefined;
  visited.add(name);
  const style = dictionary[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyle(dictionary, parents[i]!, property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

// Per dictionary (one per document): property → style name → value (undefined kept too).
const resolved = new WeakMap<Dictionary, Map<string, Map<string, unknown>>>();

function named(dictionary: Dictionary, name: string, property: string): unknown {
  let byProperty = resolved.get(dictionary);
  if (!byProperty) resolved.set(dictionary, (byProperty = new Map()));
  let byName = byProperty.get(property);
  if (!byName) byProperty.set(property, (byName = new Map()));
  if (byName.has(name)) return byName.get(name);
  const value = fromStyle(dictionary, name, property);
  byName.set(name, value);
  return value;
}

/** StyleContextStack.getProperty as pdfmake has it, with named styles resolved once. */
function getProperty(this: Stack, property: string): unknown {
  const overrides = this.styleOverrides;
  const dictionary = this.styleDictionary;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const item = overrides[i]!;
      if (isString(item)) {
        const value = named(dictionary, String(item), property);
        if (isValue(value)) return value;
      } else if (isValue(item[property])) return item[property];
    }
  }
  return this.defaultStyle && this.defaultStyle[property];
}

/**
 * StyleContextStack.getStyleProperty (static) as pdfmake has it: the item's own value, else what
 * the stack says with the item's styles and the item pushed on it — read here without pushing.
 */
function getStyleProperty(item: Item, stack: Stack | undefined, property: string, defaultValue: unknown): unknown {
  if (isValue(item[property])) return item[property];
  if (!stack) return defaultValue;
  let value: unknown;
  // pdfmake pushes nothing for a string or a section; the item itself has no value (above).
  if (!isString(item) && item.section === undefined && item.style) {
    const styles = Array.isArray(item.style) ? (item.style as unknown[]) : [item.style];
    for (let i = styles.length - 1; i >= 0 && !isValue(value); i--) {
      const style = styles[i];
      value = isString(style) ? named(stack.styleDictionary, String(style), property) : (style as Record<string, unknown>)[property];
    }
  }
  if (!isValue(value)) value = stack === measuring ? stackValue(stack, property) : stack.getProperty(property);
  return isValue(value) ? value : defaultValue;
}

// pdfmake measures a paragraph's words in one call (TextInlines.measure), looking up some twenty
// properties of each word on the same stack: nothing pushes or pops during that call, and it
// changes only the words, which are not on the stack. So while it runs, what the stack says of a
// property is looked up once for all the words; and since the words of one inline carry the same
// `style` (pdfmake's TextBreaker copies it to each), what that style and the stack give is resolved
// once for them all, each word's own values still first (measureWords).
let measuring: Stack | undefined;
const measured = new Map<string, unknown>();

function stackValue(stack: Stack, property: string): unknown {
  if (measured.has(property)) return measured.get(property);
  const value = stack.getProperty(property);
  measured.set(property, value);
  return value;
}

// The properties TextInlines.measure gives each word, with pdfmake's defaults, in its order.
const MEASURED = [
  ['font', 'Roboto'],
  ['bold', false],
  ['italics', false],
  ['alignment', 'left'],
  ['fontSize', 12],
  ['fontFeatures', null],
  ['characterSpacing', 0],
  ['color', 'black'],
  ['decoration', null],
  ['decorationColor', null],
  ['decorationStyle', null],
  ['decorationThickness', null],
  ['background', null],
  ['link', null],
  ['linkToPage', null],
  ['linkToDestination', null],
  ['noWrap', null],
  ['opacity', 1],
  ['sup', false],
  ['sub', false],
  ['lineHeight', 1],
  ['preserveLeadingSpaces', false],
  ['preserveTrailingSpaces', false],
] as const;
/** What a word without a value of its own has, by the properties pdfmake measures it with. */
type Resolved = Record<(typeof MEASURED)[number][0], unknown>;

// Per dictionary: a named style's values of the measured properties, in MEASURED's order.
const namedValues = new WeakMap<Dictionary, Map<string, unknown[]>>();

function valuesOf(dictionary: Dictionary, name: string): unknown[] {
  let byName = namedValues.get(dictionary);
  if (!byName) namedValues.set(dictionary, (byName = new Map()));
  let values = byName.get(name);
  if (!values) byName.set(name, (values = MEASURED.map(([property]) => named(dictionary, name, property))));
  return values;
}

/** Fills the measured properties still without a value from one style (a name or an object), as getProperty reads it. */
function fill(values: unknown[], style: unknown, dictionary: Dictionary): void {
  if (isString(style)) {
    const found = valuesOf(dictionary, String(style));
    for (let i = 0; i < values.length; i++) if (!isValue(values[i])) values[i] = found[i];
  } else {
    for (let i = 0; i < values.length; i++) if (!isValue(values[i])) values[i] = (style as Record<string, unknown>)[MEASURED[i]![0]];
  }
}

/** What the stack says of each measured property (getProperty): its styles top first, then the default style. */
function stackValues(stack: Stack): unknown[] {
  const values: unknown[] = MEASURED.map(() => undefined);
  const overrides = stack.styleOverrides;
  if (overrides) for (let i = overrides.length - 1; i >= 0; i--) fill(values, overrides[i], stack.styleDictionary);
  for (let i = 0; i < values.length; i++) if (!isValue(values[i])) values[i] = stack.defaultStyle && stack.defaultStyle[MEASURED[i]![0]];
  return values;
}

/**
 * What pdfmake finds for a word whose own value is missing, by the word's `style` alone: with the
 * stack fixed, getStyleProperty reads the word's value of the property asked, then its styles
 * (last first), then the stack; a word's other values take no part. Then pdfmake's default.
 */
function resolve(style: unknown, stack: Stack | undefined, onStack: () => unknown[]): Resolved {
  const values: unknown[] = MEASURED.map(() => undefined);
  if (stack) {
    if (style) {
      const styles = Array.isArray(style) ? (style as unknown[]) : [style];
      for (let i = styles.length - 1; i >= 0; i--) fill(values, styles[i], stack.styleDictionary);
    }
    const below = onStack();
    for (let i = 0; i < values.length; i++) if (!isValue(values[i])) values[i] = below[i];
  }
  for (let i = 0; i < values.length; i++) if (!isValue(values[i])) values[i] = MEASURED[i]![1];
  const [font, bold, italics, alignment, fontSize, fontFeatures, characterSpacing, color, decoration, decorationColor, decorationStyle, decorationThickness, background, link, linkToPage, linkToDestination, noWrap, opacity, sup, sub, lineHeight, preserveLeadingSpaces, preserveTrailingSpaces] = values;
  return { font, bold, italics, alignment, fontSize, fontFeatures, characterSpacing, color, decoration, decorationColor, decorationStyle, decorationThickness, background, link, linkToPage, linkToDestination, noWrap, opacity, sup, sub, lineHeight, preserveLeadingSpaces, preserveTrailingSpaces };
}

/** The word's own value, else what its style and the stack give. */
const own = (value: unknown, resolved: unknown) => (value !== undefined && value !== null ? value : resolved);

// As pdfmake's TextInlines.js has them.
const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;
/** ASCII whitespace (tab, line ends, form feed, space): all of it \s. */
const blank = (code: number) => code === 0x20 || (code >= 0x09 && code <= 0x0d);
/** Printable ASCII other than a space: never \s. */
const solid = (code: number) => code > 0x20 && code < 0x7f;

/**
 * The spaces a word starts with, as `text.match(LEADING)` finds them ('' for none): ASCII
 * whitespace up to a printable ASCII character is read directly, anything else goes to the regex.
 */
function leadingOf(text: string): string {
  let end = 0;
  while (end < text.length && blank(text.charCodeAt(end))) end++;
  if (end < text.length && !solid(text.charCodeAt(end))) return text.match(LEADING)?.[0] ?? '';
  return text.slice(0, end);
}

/** The spaces a word ends with, as `text.match(TRAILING)` finds them ('' for none); as leadingOf. */
function trailingOf(text: string): string {
  let start = text.length;
  while (start > 0 && blank(text.charCodeAt(start - 1))) start--;
  if (start > 0 && !solid(text.charCodeAt(start - 1))) return text.match(TRAILING)?.[0] ?? '';
  return start === text.length ? '' : text.slice(start);
}

interface Font {
  lineHeight(size: number): number;
}
interface Word extends Item {
  text: string;
  font?: unknown;
  fontSize?: unknown;
  sup?: unknown;
  sub?: unknown;
  width?: number;
  height?: number;
  leadingCut?: number;
  leadingIndent?: number;
  trailingCut?: number;
}
interface Inlines {
  pdfDocument: { provideFont(family: unknown, bold: unknown, italics: unknown): Font };
  widthOfText(text: string, inline: Word): number;
}

/**
 * TextInlines.measure as pdfmake 0.3.11 has it, giving each word the same values, in the same order,
 * by the same arithmetic; what the words' styles and the stack give is resolved once per `style`
 * value (the words of one inline share it), and the face once per run of words in the same one.
 */
function measureWords(this: Inlines, array: Word[], stack: Stack | undefined): Word[] {
  if (array.length) {
    const leadingIndent = getStyleProperty(array[0]!, stack, 'leadingIndent', 0) as number;
    if (leadingIndent) {
      array[0]!.leadingCut = -leadingIndent;
      array[0]!.leadingIndent = leadingIndent;
    }
  }
  const byStyle = new Map<unknown, Resolved>();
  let below: unknown[] | undefined;
  const onStack = () => (below ??= stackValues(stack!));
  let lastStyle: unknown;
  let r: Resolved | undefined;
  let lastFamily: unknown;
  let lastBold: unknown;
  let lastItalics: unknown;
  let lastFont: Font | undefined;
  for (const item of array) {
    // pdfmake reads no style of a section item: the stack alone, as for a word without a style.
    const style = item.section === undefined ? item.style : undefined;
    if (!r || style !== lastStyle) {
      r = byStyle.get(style);
      if (!r) byStyle.set(style, (r = resolve(style, stack, onStack)));
      lastStyle = style;
    }
    const family = own(item.font, r.font);
    const bold = own(item.bold, r.bold);
    const italics = own(item.italics, r.italics);
    // pdfmake's fonts are kept by the document once opened: the same face asked again is the same font.
    if (!lastFont || family !== lastFamily || bold !== lastBold || italics !== lastItalics) {
      lastFont = this.pdfDocument.provideFont(family, bold, italics);
      lastFamily = family;
      lastBold = bold;
      lastItalics = italics;
    }
    const font = lastFont;
    item.font = font;
    item.alignment = own(item.alignment, r.alignment);
    item.fontSize = own(item.fontSize, r.fontSize);
    item.fontFeatures = own(item.fontFeatures, r.fontFeatures);
    item.characterSpacing = own(item.characterSpacing, r.characterSpacing);
    item.color = own(item.color, r.color);
    item.decoration = own(item.decoration, r.decoration);
    item.decorationColor = own(item.decorationColor, r.decorationColor);
    item.decorationStyle = own(item.decorationStyle, r.decorationStyle);
    item.decorationThickness = own(item.decorationThickness, r.decorationThickness);
    item.background = own(item.background, r.background);
    item.link = own(item.link, r.link);
    item.linkToPage = own(item.linkToPage, r.linkToPage);
    item.linkToDestination = own(item.linkToDestination, r.linkToDestination);
    item.noWrap = own(item.noWrap, r.noWrap);
    item.opacity = own(item.opacity, r.opacity);
    item.sup = own(item.sup, r.sup);
    item.sub = own(item.sub, r.sub);
    if (item.sup || item.sub) (item.fontSize as number) *= 0.58;
    const lineHeight = own(item.lineHeight, r.lineHeight) as number;
    const text = item.text;
    item.width = this.widthOfText(text, item);
    item.height = font.lineHeight(item.fontSize as number) * lineHeight;
    if (!item.leadingCut) item.leadingCut = 0;
    if (!own(item.preserveLeadingSpaces, r.preserveLeadingSpaces)) {
      const leadingSpaces = leadingOf(text);
      if (leadingSpaces) item.leadingCut += this.widthOfText(leadingSpaces, item);
    }
    item.trailingCut = 0;
    if (!own(item.preserveTrailingSpaces, r.preserveTrailingSpaces)) {
      const trailingSpaces = trailingOf(text);
      if (trailingSpaces) item.trailingCut = this.widthOfText(trailingSpaces, item);
    }
  }
  return array;
}

const words = (array: unknown): array is Word[] =>
  Array.isArray(array) && array.every((item) => typeof item === 'object' && item !== null && !(item instanceof String) && typeof (item as Word).text === 'string');

function install(): void {
  const proto = pdfmakePrototype<'pdfmake/js/StyleContextStack.js', Record<string, unknown>>('pdfmake/js/StyleContextStack.js');
  proto.getProperty = getProperty;
  const stackClass = proto.constructor as unknown as Record<string, unknown>;
  if (typeof stackClass.getStyleProperty !== 'function') {
    throw new Error("pdfmake's pdfmake/js/StyleContextStack.js lacks the static getStyleProperty: pdfmake changed its internals (this writer was made for 0.3.11); adapt src/write/pdf or pin pdfmake.");
  }
  stackClass.getStyleProperty = getStyleProperty;

  const inlines = pdfmakePrototype<'pdfmake/js/TextInlines.js', Record<string, unknown>>('pdfmake/js/TextInlines.js');
  const measure = inlines.measure as (this: unknown, array: unknown, stack: Stack | undefined) => unknown;
  inlines.measure = function (this: Inlines, array: unknown, stack: Stack | undefined) {
    const outer = measuring;
    measuring = stack;
    measured.clear();
    try {
      // Words as pdfmake's TextBreaker makes them (objects); anything else goes to pdfmake as before.
      return words(array) ? measureWords.call(this, array, stack) : measure.call(this, array, stack);
    } finally {
      measuring = outer;
      measured.clear();
    }
  };
}
install();
