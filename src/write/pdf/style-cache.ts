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
// property is looked up once for all the words.
let measuring: Stack | undefined;
const measured = new Map<string, unknown>();

function stackValue(stack: Stack, property: string): unknown {
  if (measured.has(property)) return measured.get(property);
  const value = stack.getProperty(property);
  measured.set(property, value);
  return value;
}

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
  inlines.measure = function (this: unknown, array: unknown, stack: Stack | undefined) {
    const outer = measuring;
    measuring = stack;
    measured.clear();
    try {
      return measure.call(this, array, stack);
    } finally {
      measuring = outer;
      measured.clear();
    }
  };
}
install();
