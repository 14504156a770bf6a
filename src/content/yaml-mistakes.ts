// YAML mistakes as people make them, explained in their words with the fix. The parser reports
// what it could not read, often a line away from the cause and in its own terms ("Nested mappings
// are not allowed in compact mappings"); this module looks at the lines the parser points to and
// names the mistake a person made: a colon or a reserved first character in unquoted text, a tab,
// a missing space, a quote left open, a field twice, a line indented differently from its
// neighbours. It also finds mistakes the parser accepts silently (a headline that YAML reads as a
// comment, a tag or an anchor, so the text is lost), which would otherwise print wrongly or fail
// later with a schema message that hides the cause.
import { isAlias, isNode, isPair, isScalar, visit, type Document, type LineCounter, type YAMLError } from 'yaml';

export interface YamlMistake {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly fix: string;
  /** The last line the mistake throws off: the parser's errors up to it are echoes. */
  readonly through?: number;
  /** Tabs and indentation: after a tab, every column below it is off, so indentation is not judged again. */
  readonly kind?: 'tab' | 'indent';
}

interface Line {
  /** Column (1-based) of the first character after the indentation and any `- ` markers. */
  readonly keyColumn: number;
  /** Column of the first `-` marker, when the line starts a list item. */
  readonly dashColumn?: number;
  readonly key?: string;
  /** The text after `key:` and its spaces, as written. */
  readonly value?: string;
  readonly blank: boolean;
}

const KEY_VALUE = /^([^\s"'[{#&*!|>%@`?:-][^:#]*?|-[^\s:][^:]*?):(?:[ \t]+(.*))?$/;

function readLine(text: string): Line {
  const indent = /^[ \t]*/.exec(text)![0].length;
  let rest = text.slice(indent);
  let dashColumn: number | undefined;
  let offset = indent;
  for (let m = /^-[ \t]+/.exec(rest); m; m = /^-[ \t]+/.exec(rest)) {
    dashColumn ??= offset + 1;
    offset += m[0].length;
    rest = rest.slice(m[0].length);
  }
  const kv = KEY_VALUE.exec(rest.trimEnd());
  return {
    keyColumn: offset + 1,
    ...(dashColumn ? { dashColumn } : {}),
    ...(kv ? { key: kv[1]!.trim(), value: kv[2] ?? '' } : {}),
    blank: rest.trim() === '' || rest.startsWith('#'),
  };
}

const spaces = (n: number) => (n === 0 ? 'no spaces' : n === 1 ? '1 space' : `${n} spaces`);

/** `key: "value"` with the quotes that need the fewest changes inside the text. */
function quoted(key: string, value: string): string {
  const text = value.trim();
  if (!text.includes("'")) return `${key}: '${text}'`;
  return `${key}: "${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

// What each character that YAML reserves at the start of a value means to it, in words.
const FIRST_CHARACTER: Readonly<Record<string, string>> = {
  '#': 'the start of a comment, so the field is left empty',
  '[': 'the start of a list',
  '{': 'the start of a group of fields',
  '*': 'a reference to another part of the file (an alias)',
  '&': 'a label for this value (an anchor), and drops it from the text',
  '!': 'a type tag, and drops it from the text',
  '|': 'the start of a block of text on the following lines',
  '>': 'the start of a block of text on the following lines',
  '@': 'a character reserved for later use',
  '`': 'a character reserved for later use',
  '%': 'the start of a directive',
  '?': 'the start of a complex key',
  '-': 'a list item',
  ',': 'a separator',
};

function startsWithReserved(line: number, lines: readonly string[]): YamlMistake | undefined {
  const l = readLine(lines[line - 1] ?? '');
  const value = l.value?.trim();
  if (!l.key || !value) return undefined;
  const first = value[0]!;
  if (!FIRST_CHARACTER[first]) return undefined;
  return {
    line,
    column: lines[line - 1]!.indexOf(value) + 1,
    message: `the text of '${l.key}' starts with '${first}', which YAML reads as ${FIRST_CHARACTER[first]}`,
    fix: `put the text in quotes: ${quoted(l.key, value)}`,
  };
}

/** The value on a line closes its quotes before its end: `"EU" position`, `'We don't agree'`. */
function quoteEndsEarly(line: number, lines: readonly string[]): YamlMistake | undefined {
  const l = readLine(lines[line - 1] ?? '');
  const value = l.value?.trim();
  if (!l.key || !value || (value[0] !== '"' && value[0] !== "'")) return undefined;
  const q = value[0];
  const close = value.indexOf(q, 1);
  const column = lines[line - 1]!.indexOf(value) + 1;
  if (q === "'" && /\w'\w/.test(value.slice(1, -1))) {
    const word = /\S*\w'\w\S*/.exec(value.slice(1))![0];
    return {
      line,
      column: column + close,
      message: `the apostrophe in "${word}" ends the text of '${l.key}' that the opening ' started`,
      fix: `write the apostrophe twice (${word.replace("'", "''")}), or use double quotes: ${l.key}: "${value.slice(1, -1)}"`,
    };
  }
  return {
    line,
    column: column + close + 1,
    message: `the text of '${l.key}' starts with a quoted part, and YAML does not expect more text after its closing ${q}`,
    fix: `put the whole text in quotes: ${quoted(l.key, value)}`,
  };
}

/** `headline: Budget: we agree`, a colon and a space inside unquoted text. */
function colonInText(line: number, lines: readonly string[]): YamlMistake | undefined {
  const l = readLine(lines[line - 1] ?? '');
  const value = l.value?.trim();
  if (!l.key || !value || /^["']/.test(value)) return undefined;
  const at = value.search(/:(\s|$)/);
  if (at < 0) return undefined;
  return {
    line,
    column: lines[line - 1]!.indexOf(value) + at + 1,
    message: `the text of '${l.key}' holds a colon followed by a space, which YAML reads as the start of another field`,
    fix: `put the text in quotes: ${quoted(l.key, value)}`,
  };
}

/** `-id: a` or `key:value`: a marker without the space YAML needs after it. */
function missingSpace(line: number, lines: readonly string[]): YamlMistake | undefined {
  const text = lines[line - 1] ?? '';
  const dash = /^(\s*)-[^\s-]/.exec(text);
  if (dash) {
    return {
      line,
      column: dash[1]!.length + 1,
      message: `a dash without a space after it does not start a list item`,
      fix: `a list item needs '- ' (a dash and a space): ${text.trim().replace(/^-/, '- ')}`,
      through: blockEnd(line, dash[1]!.length + 2, lines),
    };
  }
  const colon = /^(\s*(?:-\s+)*)([^\s:#"'][^:\s]*):(?=[^\s/])/.exec(text);
  if (colon && !/^\w+:\/\//.test(text.trim())) {
    const key = colon[2]!;
    return {
      line,
      column: colon[0].length,
      message: `'${text.trim()}' has no space after the colon, so YAML does not read '${key}' as a field name`,
      fix: `put a space after the colon: ${colon[1]!.trimStart()}${key}: ${text.slice(colon[0].length).trim()}`,
    };
  }
  return undefined;
}

/** A line with a tab in its indentation. */
function tabIndent(line: number, lines: readonly string[]): YamlMistake | undefined {
  for (const n of [line, line + 1]) {
    const tab = /^[ ]*(?:-[ ]*)*\t/.exec(lines[n - 1] ?? '');
    if (tab) {
      return { line: n, column: tab[0].length, kind: 'tab', message: `line ${n} is indented with a tab; YAML counts only spaces`, fix: 'replace the tab with spaces (in your editor, turn on "indent using spaces")' };
    }
  }
  return undefined;
}

/**
 * The first line from `from` that is indented unlike its neighbours: deeper than the field above
 * (which holds a value, so nothing belongs under it), or at a column no field above starts at.
 */
function misindented(from: number, lines: readonly string[]): YamlMistake | undefined {
  for (let n = Math.max(2, from); n <= Math.min(lines.length, from + 3); n++) {
    const here = readLine(lines[n - 1]!);
    if (here.blank) continue;
    const above: Line[] = [];
    for (let m = n - 1; m >= 1; m--) {
      const l = readLine(lines[m - 1]!);
      if (!l.blank) above.push(l);
    }
    const previous = above[0];
    if (!previous) continue;
    const column = here.dashColumn ?? here.keyColumn;
    const opens = previous.key !== undefined && /^(?:[|>][-+]?\d?)?$/.test(previous.value?.trim() ?? '');
    // Columns where a line may start: each open field's, and each open list's dash.
    const allowed = new Map<number, 'field' | 'dash'>();
    let limit = Infinity;
    for (const l of above) {
      if (l.keyColumn < limit) allowed.set(l.keyColumn, 'field');
      if (l.dashColumn && l.dashColumn < limit) allowed.set(l.dashColumn, 'dash');
      limit = Math.min(limit, l.dashColumn ?? l.keyColumn);
      if (limit === 1) break;
    }
    if (opens && column > (previous.keyColumn)) continue;
    if (allowed.get(column) === 'dash' && !here.dashColumn) {
      return { line: n, column, kind: 'indent', message: `line ${n} lines up with the list items above but does not start with a dash`, fix: `a list item needs '- ': write '- ' before '${lines[n - 1]!.trim()}', or indent it to line up with the fields of the item above` };
    }
    if (allowed.has(column)) continue;
    const deeper = column > previous.keyColumn;
    const wanted = deeper ? previous.keyColumn : [...allowed.keys()].filter((c) => c > column).sort((a, b) => a - b)[0] ?? previous.keyColumn;
    const like = above.find((l) => l.keyColumn === wanted && l.key);
    return {
      line: n,
      column,
      kind: 'indent',
      message: `line ${n} is indented by ${spaces(column - 1)}, but the fields around it by ${spaces(wanted - 1)}`,
      fix: `line it up with ${like?.key ? `'${like.key}' above` : 'the field above'}: ${spaces(wanted - 1)} before '${lines[n - 1]!.trim().replace(/^-\s*/, '')}'`,
    };
  }
  return undefined;
}

/** The last line of the block under `line`: the lines after it indented to `column` or further. */
function blockEnd(line: number, column: number, lines: readonly string[]): number {
  let end = line;
  for (let n = line + 1; n <= lines.length; n++) {
    const l = readLine(lines[n - 1]!);
    if (l.blank) continue;
    if ((l.dashColumn ?? l.keyColumn) < column) break;
    end = n;
  }
  return end;
}

/** Where a field first appears in the mapping that holds it twice: the line above at the same column. */
function firstOccurrence(line: number, column: number, key: string, lines: readonly string[]): { line: number; opensItem: boolean } | undefined {
  for (let m = line - 1; m >= 1; m--) {
    const l = readLine(lines[m - 1]!);
    if (l.blank) continue;
    if (l.keyColumn === column && l.key === key) return { line: m, opensItem: l.dashColumn !== undefined };
    if ((l.dashColumn ?? l.keyColumn) < column) return undefined;
  }
  return undefined;
}

function duplicate(line: number, column: number, lines: readonly string[]): YamlMistake | undefined {
  const key = readLine(lines[line - 1] ?? '').key;
  if (!key) return undefined;
  const first = firstOccurrence(line, column, key, lines);
  const twice = first ? `at lines ${first.line} and ${line}` : `here and above`;
  return {
    line,
    column,
    message: `the key '${key}' appears twice in the same entry, ${twice}`,
    fix: first?.opensItem
      ? `if line ${line} starts a new entry, a list item needs '- ' before '${key}'; otherwise keep one '${key}' and delete the other`
      : `keep one '${key}' and delete or rename the other`,
    // Without its dash, a whole entry merges into the one above: each of its fields is a "duplicate".
    ...(first?.opensItem ? { through: blockEnd(line, column, lines) } : {}),
  };
}

function unclosedQuote(text: string, error: YAMLError, lineCounter: LineCounter): YamlMistake {
  const quote = /Missing closing (["'])quote/.exec(error.message)![1]!;
  const opened = text.lastIndexOf(quote, error.pos[0] - 1);
  const pos = lineCounter.linePos(opened >= 0 ? opened : error.pos[0]);
  return {
    line: pos.line,
    column: pos.col,
    message: `the text that starts with ${quote} on line ${pos.line} is never closed, so YAML reads the rest of the file as part of it`,
    fix: `add the closing ${quote} at the end of the text on line ${pos.line}`,
  };
}

function unclosedFlow(line: number, lines: readonly string[]): YamlMistake | undefined {
  for (let m = line; m >= Math.max(1, line - 5); m--) {
    const text = lines[m - 1] ?? '';
    for (const [open, close, what] of [['[', ']', 'list'], ['{', '}', 'group']] as const) {
      const at = text.indexOf(open);
      if (at >= 0 && !text.includes(close)) {
        return { line: m, column: at + 1, message: `the ${what} opened with '${open}' on line ${m} is never closed`, fix: `add '${close}' at the end of the ${what} on line ${m}` };
      }
    }
  }
  return undefined;
}

/** The mistake behind one parser error, by the lines it points to. */
function explainError(text: string, lines: readonly string[], error: YAMLError, lineCounter: LineCounter): YamlMistake | undefined {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const at = (...tries: (() => YamlMistake | undefined)[]) => {
    for (const attempt of tries) {
      const found = attempt();
      if (found) return found;
    }
    return undefined;
  };
  const tab = () => tabIndent(line, lines);
  const reserved = () => startsWithReserved(line, lines);
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return tab();
    case 'DUPLICATE_KEY':
      return duplicate(line, col, lines);
    case 'MISSING_CHAR':
      if (/closing .?quote/.test(error.message)) return unclosedQuote(text, error, lineCounter);
      return at(tab, () => missingSpace(line, lines), () => misindented(line, lines), () => noColon(line, lines));
    case 'BAD_SCALAR_START':
    case 'BAD_ALIAS':
      return at(reserved);
    case 'UNEXPECTED_TOKEN':
      return at(tab, reserved, () => quoteEndsEarly(line, lines));
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return at(tab, () => colonInText(line, lines), reserved, () => missingSpace(line, lines), () => misindented(line, lines), () => noColon(line, lines));
    case 'BAD_INDENT':
      return at(tab, () => (/[\]}]/.test(error.message) ? unclosedFlow(line, lines) : undefined), () => misindented(line, lines));
    default:
      return at(tab);
  }
}

/** `headline Budget`: a line that is neither a field nor a list item. */
function noColon(line: number, lines: readonly string[]): YamlMistake | undefined {
  const text = lines[line - 1] ?? '';
  if (text.includes(':') || !text.trim()) return undefined;
  return {
    line,
    column: text.search(/\S/) + 1,
    message: `line ${line} is neither a field ('name: value') nor a list item ('- …')`,
    fix: `write the field name, a colon and a space before the value; if the line continues the text above, indent it further than that field`,
  };
}

/**
 * One mistake per line the parser stumbled on: its later errors mostly follow from the first
 * (a tab gives three), so a line already explained is not explained again, and an error left
 * unexplained after an explained one is its echo.
 */
export function explainYamlErrors(text: string, errors: readonly YAMLError[], lineCounter: LineCounter): YamlMistake[] {
  const lines = text.split(/\r?\n/);
  const found: YamlMistake[] = [];
  for (const error of errors) {
    const pos = lineCounter.linePos(error.pos[0]);
    const mistake = explainError(text, lines, error, lineCounter);
    if (mistake && found.some((f) => f.line <= mistake.line && mistake.line <= (f.through ?? f.line))) continue;
    if (mistake?.kind === 'indent' && found.some((f) => f.kind === 'tab' && f.line < mistake.line)) continue;
    if (!mistake && found.length > 0) continue;
    found.push(
      mistake ??
        (/call stack/i.test(error.message)
          ? { line: pos.line, column: pos.col, message: 'the file is nested too deeply to read', fix: 'flatten the file: a pack needs only a few levels of fields and lists' }
          : {
              line: pos.line,
              column: pos.col,
              message: `YAML cannot read this line (${error.message.split('\n')[0]})`,
              fix: 'check this line and the one above it; text holding special characters (: # [ ] { } & * ! | > \' " % @ `) belongs in quotes',
            }),
    );
  }
  return found;
}

/**
 * Mistakes YAML accepts without an error but that lose the author's text: a value that starts
 * with `#` (a comment: the field is empty), `!` (a tag), `&` (an anchor no alias uses) or `*`
 * (an alias with no anchor).
 */
export function silentMistakes(doc: Document, text: string, lineCounter: LineCounter): YamlMistake[] {
  const lines = text.split(/\r?\n/);
  const found: YamlMistake[] = [];
  const anchors = new Set<string>();
  const aliased = new Set<string>();
  const at = (offset: number) => lineCounter.linePos(offset);
  const add = (offset: number, first: string) => {
    const { line, col } = at(offset);
    // The caret goes under the character, wherever the parser placed the node.
    const mistake = startsWithReserved(line, lines) ?? {
      line,
      column: col,
      message: `a value starts with '${first}', which YAML reads as ${FIRST_CHARACTER[first]}`,
      fix: 'put the text in quotes',
    };
    if (!found.some((f) => f.line === mistake.line)) found.push(mistake);
  };
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) add(node.range![0], '*');
        else aliased.add(node.source);
        return;
      }
      if (node.anchor) anchors.add(node.anchor);
      if (node.tag && !node.tag.startsWith('tag:yaml.org')) add(node.range![0], '!');
    },
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) return;
      const value = pair.value;
      const empty = value === null || (isScalar(value) && value.value === null && (value.source ?? '') === '');
      if (!empty) return;
      const { line } = at(pair.key.range[0]);
      const after = readLine(lines[line - 1] ?? '').value;
      if (after?.trimStart().startsWith('#')) add(pair.key.range[0], '#');
    },
  });
  // An anchor no alias refers to was not meant as one: `headline: & partners` loses its `&`.
  visit(doc, (_, node) => {
    if (isNode(node) && !isAlias(node) && node.anchor && !aliased.has(node.anchor) && node.range) {
      const { line } = at(node.range[0]);
      const l = readLine(lines[line - 1] ?? '');
      if (l.value?.trim().startsWith('&')) add(lines.slice(0, line - 1).join('\n').length + (line > 1 ? 1 : 0) + lines[line - 1]!.indexOf('&'), '&');
    }
  });
  return found.sort((a, b) => a.line - b.line);
}
