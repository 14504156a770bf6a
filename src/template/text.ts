// Plain-text templates (`<name>.txt.hbs`), e.g. the covering email of a document. Same view, same
// helpers and the same strictness as the Markdown templates, but values print as they are: the
// output is read by people, not parsed as Markdown, so Markdown escaping would only add backslashes.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { codeFrame, TemplateError } from '../errors.js';
import { helpers } from './helpers.js';
import { BUNDLED_TEMPLATES } from './render.js';

const EXTENSION = '.txt.hbs';
const KNOWN_HELPERS = Object.fromEntries(Object.keys(helpers).map((name) => [name, true]));
// Control characters other than tab and line breaks never belong in a plain-text message.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type TextTemplate = (view: object) => string;

const cache = new Map<string, TextTemplate>();

/** The folder's `<name>.txt.hbs`, or the bundled one when a custom template folder has none. */
export function textTemplateFile(name: string, folder: string = BUNDLED_TEMPLATES): string {
  const own = join(resolve(folder), `${name}${EXTENSION}`);
  return existsSync(own) ? own : join(BUNDLED_TEMPLATES, `${name}${EXTENSION}`);
}

/** Drops compiled text templates, so the next load reads the files again (for --watch). */
export function forgetTextTemplates(): void {
  cache.clear();
}

export function loadTextTemplate(name: string, folder?: string): TextTemplate {
  const file = textTemplateFile(name, folder);
  let template = cache.get(file);
  if (template) return template;
  if (!existsSync(file)) throw new TemplateError('UnknownTemplate', `No text template '${name}${EXTENSION}' at ${file}.`, { location: { file } });
  const source = readFileSync(file, 'utf8');
  const shown = relative(process.cwd(), file) || file;
  const hb = Handlebars.create();
  hb.registerHelper(helpers as Handlebars.HelperDeclareSpec);
  let compiled: Handlebars.TemplateDelegate;
  try {
    compiled = hb.compile(source, { strict: true, noEscape: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, preventIndent: true });
  } catch (error) {
    throw located(error, shown, source, 'TemplateSyntax');
  }
  template = (view) => {
    try {
      return compiled(view, { allowProtoPropertiesByDefault: false }).replace(CONTROL, '');
    } catch (error) {
      throw located(error, shown, source, 'TemplateRuntime');
    }
  };
  cache.set(file, template);
  return template;
}

function located(error: unknown, file: string, source: string, code: string): TemplateError {
  const message = error instanceof Error ? error.message : String(error);
  const position = /- (\d+):(\d+)\s*$/.exec(message) ?? /on line (\d+)/.exec(message);
  const line = position ? Number(position[1]) : undefined;
  return new TemplateError(code, `Template ${file}: ${message.split('\n')[0]!.replace(/\s*- \d+:\d+\s*$/, '')}`, {
    location: { file, ...(line ? { line } : {}) },
    ...(line ? { frame: codeFrame(source, line, 1) } : {}),
    hint: code === 'TemplateRuntime' ? 'A field the template uses is missing from the view; see the README for the fields templates can use.' : 'Fix the template syntax at the line shown.',
    cause: error,
  });
}
