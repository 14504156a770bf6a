import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError, choicesHint, codeFrame } from '../errors.js';
import { listFolder, readInputText, requireFolder } from '../files/read.js';
import { escapeMarkdown } from './escape.js';
import { helpers } from './helpers.js';
import { forgetMessages, messagesFor } from './messages.js';
import { BUNDLED_TEMPLATES } from './bundled.js';

export { BUNDLED_TEMPLATES } from './bundled.js';
const EXTENSION = '.md.hbs';

// Handlebars escapes `{{value}}` through Utils.escapeExpression, read at render time by every
// template. We only ever produce Markdown, so that escaping becomes Markdown escaping: data prints
// literally whatever characters it holds. (Handlebars offers no per-instance hook for this.)
(Handlebars.Utils as { escapeExpression: (value: unknown) => string }).escapeExpression = escapeMarkdown;

export const KNOWN_HELPERS = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));

export interface TemplateSet {
  readonly folder: string;
  /** Document templates: `<name>.md.hbs` in the folder. */
  names(): string[];
  /** Renders one template with a view; strict: a missing field is an error naming file and line. */
  render(name: string, view: object): string;
}

const sets = new Map<string, TemplateSet>();

export function loadTemplates(folder: string = BUNDLED_TEMPLATES): TemplateSet {
  const root = resolve(folder);
  let set = sets.get(root);
  if (!set) {
    set = createSet(root);
    sets.set(root, set);
  }
  return set;
}

/** Drops compiled templates, so the next load reads the files again (for --watch). */
export function forgetTemplates(): void {
  sets.clear();
  forgetMessages();
}

/**
 * A template's source, through the file boundary: a folder or FIFO named like a template is
 * refused, and so is a link out of the template's folder (a partial linked to a private file
 * would print it into every document).
 */
export const readTemplate = (file: string): string => readInputText(file, { kind: 'template', within: [dirname(file)] });

function createSet(root: string): TemplateSet {
  if (!existsSync(root)) {
    throw new TemplateError('TemplateFolderNotFound', `No template folder at ${root}.`, { location: { file: root } });
  }
  const hb = Handlebars.create();
  hb.registerHelper(helpers as Handlebars.HelperDeclareSpec);
  requireFolder(root);
  const partialDir = join(root, 'partials');
  if (existsSync(partialDir)) {
    for (const name of listFolder(partialDir, /\.hbs$/).names) {
      const file = join(partialDir, name);
      const compiled = compile(hb, file, readTemplate(file));
      hb.registerPartial(basename(name, '.hbs'), ((context: unknown, options: Handlebars.RuntimeOptions) =>
        located(file, () => compiled(context, options))) as unknown as Handlebars.Template);
    }
  }
  const compiledTemplates = new Map<string, Handlebars.TemplateDelegate>();
  const names = () =>
    readdirSync(root)
      .filter((n) => n.endsWith(EXTENSION))
      .map((n) => n.slice(0, -EXTENSION.length))
      .sort();
  return {
    folder: root,
    names,
    render(name, view) {
      const file = join(root, `${name}${EXTENSION}`);
      let template = compiledTemplates.get(name);
      if (!template) {
        if (!/^[A-Za-z0-9][\w.-]*$/.test(name) || !existsSync(file)) {
          throw new TemplateError('UnknownTemplate', `No template '${name}' in ${root}.`, { hint: choicesHint(name, names()) });
        }
        template = compile(hb, file, readTemplate(file));
        compiledTemplates.set(name, template);
      }
      const run = template;
      const data = { messages: messagesFor(root, languageOf(view)) };
      return located(file, () => run(view, { allowProtoPropertiesByDefault: false, data }));
    },
  };
}

/** The language a view is printed in: its pack's locale, which selection set to the document's language. */
export const languageOf = (view: object): string => (view as { pack?: { locale?: string } }).pack?.locale ?? 'en';

function compile(hb: typeof Handlebars, file: string, source: string): Handlebars.TemplateDelegate {
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(source);
  } catch (error) {
    throw templateError(file, source, error, 'TemplateSyntax');
  }
  rejectRawOutput(ast, file, source);
  try {
    const template = hb.compile(ast, { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, preventIndent: true });
    return (context: unknown, options?: Handlebars.RuntimeOptions) => {
      try {
        return template(context, options);
      } catch (error) {
        throw templateError(file, source, error, 'TemplateRuntime');
      }
    };
  } catch (error) {
    throw templateError(file, source, error, 'TemplateSyntax');
  }
}

/** `{{{x}}}` would put data into the Markdown unescaped, where it could become markup. */
function rejectRawOutput(ast: hbs.AST.Program, file: string, source: string) {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; escaped?: boolean; loc?: { start: { line: number; column: number } } };
    if (n.type === 'MustacheStatement' && n.escaped === false) {
      const line = n.loc?.start.line ?? 1;
      throw new TemplateError('RawOutput', `Triple braces print data unescaped, which could turn it into markup.`, {
        hint: 'Use {{value}}: rich-text fields already print as Markdown through it.',
        location: { file: relative(process.cwd(), file), line, column: (n.loc?.start.column ?? 0) + 1 },
        frame: codeFrame(source, line, (n.loc?.start.column ?? 0) + 1),
      });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && 'type' in value) visit(value);
    }
  };
  visit(ast);
}

function located<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw templateError(file, readTemplate(file), error, 'TemplateRuntime');
  }
}

/** A Handlebars error as a TemplateError naming the template file, line and column, with a hint. */
export function templateError(file: string, source: string, error: unknown, code: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  let firstLine = lines[0]!.replace(/\s*- \d+:\d+\s*$/, '').replace(/ in \[object Object\]/, '');
  const position = /- (\d+):(\d+)\s*$/.exec(message) ?? /on line (\d+)/.exec(message);
  let line = position ? Number(position[1]) : undefined;
  const column = position?.[2] !== undefined ? Number(position[2]) + 1 : undefined;
  let hint =
    code === 'TemplateRuntime'
      ? 'A field the template uses is missing from the view; see the README for the fields templates can use.'
      : 'Fix the template syntax at the line shown.';

  const partial = /The partial (\S+) could not be found/.exec(message);
  const helper = /unknown helper (\S+)/.exec(message);
  if (partial) {
    // Handlebars gives no position for a missing partial: find where the template includes it.
    line ??= lineOf(source, new RegExp(`\\{\\{~?#?>\\s*${escapeRegExp(partial[1]!)}\\b`));
    firstLine = `the partial '${partial[1]}' does not exist`;
    const names = partialNames(file);
    hint = `Partials are the .hbs files in ${partialsFolder(file)}. ${names.length ? choicesHint(partial[1]!, names) : 'That folder holds none.'}`;
  } else if (helper) {
    line ??= lineOf(source, new RegExp(`\\{\\{~?#?\\s*${escapeRegExp(helper[1]!)}\\b`));
    firstLine = `unknown helper '${helper[1]}'`;
    hint = choicesHint(helper[1]!, Object.keys(helpers));
  } else if (/^Parse error/.test(firstLine)) {
    // The parser's own excerpt and token list are noise; say what went wrong in words.
    const got = /got '([A-Z_]+)'/.exec(message)?.[1];
    firstLine += got === 'EOF' ? ' the template ends before a block is closed' : got === 'INVALID' ? ' a tag is not closed or holds a character tags cannot' : ` unexpected ${got?.toLowerCase() ?? 'text'}`;
    if (got === 'EOF') hint = 'Close every {{#if}}, {{#each}} and {{#with}} block with its {{/if}}, {{/each}} or {{/with}}.';
  } else if (/doesn't match/.test(firstLine)) {
    hint = 'Each block must be closed by its own name: {{#each}} … {{/each}}.';
  }
  if (line !== undefined) line = Math.min(line, source.split('\n').length);
  const shown = relative(process.cwd(), file) || file;
  return new TemplateError(code, `Template ${basename(file)}: ${firstLine}`, {
    location: { file: shown, ...(line ? { line } : {}), ...(column ? { column } : {}) },
    ...(line ? { frame: codeFrame(source, line, column ?? 1) } : {}),
    hint,
    cause: error,
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function lineOf(source: string, pattern: RegExp): number | undefined {
  const index = source.split('\n').findIndex((l) => pattern.test(l));
  return index >= 0 ? index + 1 : undefined;
}

/** The partials folder of a template set, from a template or partial file. */
function partialsFolder(file: string): string {
  const folder = dirname(file);
  return relative(process.cwd(), basename(folder) === 'partials' ? folder : join(folder, 'partials')) || '.';
}

function partialNames(file: string): string[] {
  const folder = resolve(partialsFolder(file));
  return existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.hbs')).map((n) => basename(n, '.hbs')).sort() : [];
}
