import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/errors.js';
import { loadTemplates } from '../../src/template/index.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bp-tpl-'));
  mkdirSync(join(dir, 'partials'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const view = {
  pack: { locale: 'en-GB', title: 'T *x*', start: '2024-07-08', end: '2024-07-10', list: ['a', 'b', 'c'] },
  items: [{ headline: 'One' }, { headline: 'Two' }],
};

describe('templates', () => {
  it('escapes data so it prints literally, and formats dates in the locale', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': '# {{pack.title}}\n\n{{formatDate pack.start}} / {{dateRange pack.start pack.end}} / {{join pack.list ", " "" " and "}} / {{plural items "item" "items"}}\n' }));
    expect(t.names()).toEqual(['a']);
    const out = t.render('a', view);
    expect(out).toContain('# T \\*x\\*');
    expect(out).toContain('8 July 2024');
    expect(out).toContain('8–10 July 2024');
    expect(out).toContain('a, b and c');
    expect(out).toContain('2 items');
  });

  it('sets a range of days with an unspaced en dash, a range across months spaced', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': '{{dateRange pack.start pack.end}}' }));
    expect(t.render('a', { pack: { ...view.pack, end: '2024-08-12' } })).toMatch(/^8 July\s–\s12 August 2024$/);
    expect(t.render('a', { pack: { ...view.pack, locale: 'fr-FR' } })).toBe('8–10 juillet 2024');
  });

  it('formats dates in another locale', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': '{{formatDate pack.start}}' }));
    expect(t.render('a', { pack: { ...view.pack, locale: 'fr-FR' } })).toBe('8 juillet 2024');
  });

  it('names the template file and line of a missing field', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': 'line one\n\n{{pack.nosuch}}\n' }));
    const error = (() => {
      try {
        t.render('a', view);
      } catch (e) {
        return e;
      }
    })() as TemplateError;
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.code).toBe('TemplateRuntime');
    expect(error.location?.file).toMatch(/a\.md\.hbs$/);
    expect(error.location?.line).toBe(3);
    expect(error.message).toContain('nosuch');
  });

  it('names the partial when the error is inside it', () => {
    const dir = folder({ 'a.md.hbs': 'x\n{{> p}}\n' });
    writeFileSync(join(dir, 'partials', 'p.hbs'), 'ok\nok\n{{missing}}\n');
    expect(() => loadTemplates(dir).render('a', view)).toThrowError(expect.objectContaining({ location: expect.objectContaining({ file: expect.stringMatching(/p\.hbs$/), line: 3 }) }));
  });

  it('reports syntax errors with the line', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': 'a\nb\n{{#if x}}\n' }));
    expect(() => t.render('a', view)).toThrowError(TemplateError);
  });

  it('refuses unknown helpers at compile time', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': '\n{{shout pack.title}}\n' }));
    expect(() => t.render('a', view)).toThrowError(/shout/);
  });

  it('refuses triple braces, which would print data as markup', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': 'ok\n{{{pack.title}}}\n' }));
    expect(() => t.render('a', view)).toThrowError(expect.objectContaining({ code: 'RawOutput', location: expect.objectContaining({ line: 2 }) }));
  });

  it('lists the templates when one is unknown', () => {
    const t = loadTemplates(folder({ 'steering.md.hbs': 'x' }));
    expect(() => t.render('steerin', view)).toThrowError(expect.objectContaining({ code: 'UnknownTemplate', hint: expect.stringContaining("Did you mean 'steering'") }));
  });

  it('never runs template syntax found in data', () => {
    const t = loadTemplates(folder({ 'a.md.hbs': '{{pack.title}}' }));
    expect(t.render('a', { pack: { title: '{{#each x}}{{> p}}{{/each}}' } })).toBe('\\{\\{\\#each x\\}\\}\\{\\{\\> p\\}\\}\\{\\{/each\\}\\}');
  });
});
