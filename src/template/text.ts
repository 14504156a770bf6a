// Plain-text templates (`<name>.txt.hbs`), e.g. the covering email of a document. Same view, same
// helpers and the same strictness as the Markdown templates, but values print as they are: the
// output is read by people, not parsed as Markdown, so Markdown escaping would only add backslashes.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { TemplateError } from '../errors.js';
import { helpers } from './helpers.js';
import { messagesFor } from './messages.js';
import { BUNDLED_TEMPLATES, KNOWN_HELPERS, languageOf, readTemplate, templateError } from './render.js';

const EXTENSION = '.txt.hbs';
// Control characters other than tab and line breaks never belong in a plain-text message.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export type TextTemplate = (view: object) => string;

const cache = new Map<string, TextTemplate>();

/** The folder's `<name>.txt.hbs`, or the bundled one when a custom template folder has none. */
function textTemplateFile(name: string, folder: string = BUNDLED_TEMPLATES): string {
  const own = join(resolve(folder), `${name}${EXTENSION}`);
  return existsSync(own) ? own : join(BUNDLED_TEMPLATES, `${name}${EXTENSION}`);
}

/** Drops compiled text templates, so the next load reads the files again (for --watch). */
export function forgetTextTemplates(): void {
  cache.clear();
}

export function loadTextTemplate(name: string, folder?: string): TextTemplate {
  const file = textTemplateFile(name, folder);
  // Keyed by folder too: a folder without its own email template still speaks its own catalogues.
  const key = `${file}|${folder ?? ''}`;
  let template = cache.get(key);
  if (template) return template;
  if (!existsSync(file)) throw new TemplateError('UnknownTemplate', `No text template '${name}${EXTENSION}' at ${file}.`, { location: { file } });
  const source = readTemplate(file);
  const hb = Handlebars.create();
  hb.registerHelper(helpers as Handlebars.HelperDeclareSpec);
  let compiled: Handlebars.TemplateDelegate;
  try {
    compiled = hb.compile(source, { strict: true, noEscape: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, preventIndent: true });
  } catch (error) {
    throw templateError(file, source, error, 'TemplateSyntax');
  }
  template = (view) => {
    try {
      const data = { messages: messagesFor(folder ?? BUNDLED_TEMPLATES, languageOf(view)) };
      return compiled(view, { allowProtoPropertiesByDefault: false, data }).replace(CONTROL, '');
    } catch (error) {
      throw templateError(file, source, error, 'TemplateRuntime');
    }
  };
  cache.set(key, template);
  return template;
}

