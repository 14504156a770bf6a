import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError, choicesHint } from '../../errors.js';
import { jsonResult, out } from '../io.js';

const WHAT = ['packs', 'topics', 'templates', 'themes', 'documents'] as const;

interface Args {
  what: (typeof WHAT)[number];
  data?: string;
  templates?: string;
  json?: boolean;
}

export const listCommand: CommandModule<object, Args> = {
  command: 'list [what]',
  describe: 'List packs, topics, templates, themes or documents',
  builder: (y: Argv) =>
    y
      .positional('what', { choices: WHAT, default: 'packs' as const })
      .option('data', { type: 'string', describe: 'Pack folder (for topics and documents)' })
      .option('templates', { type: 'string', describe: 'Template folder' })
      .option('json', { type: 'boolean', describe: 'JSON for scripts' })
      .example('$0 list', 'The packs under data/')
      .example('$0 list topics --data data/mypack', 'Topic ids and aliases for --topic')
      .example('$0 list documents --data data/mypack', 'Document ids for --doc')
      .example('$0 list themes', 'Theme names for --theme') as unknown as Argv<Args>,
  handler: async (args) => {
    const rows: Record<string, unknown>[] = [];
    if (args.what === 'packs') {
      const root = args.data ?? 'data';
      if (existsSync(root)) {
        for (const name of readdirSync(root).sort()) {
          const folder = join(root, name);
          if (statSync(folder).isDirectory()) rows.push({ id: name, folder });
        }
      }
    } else if (args.what === 'templates' || args.what === 'themes') {
      const { loadTemplates } = await import('../../template/index.js');
      const { bundledThemeNames } = await import('../../theme/index.js');
      const names = args.what === 'templates' ? loadTemplates(args.templates).names() : bundledThemeNames();
      rows.push(...names.map((id) => ({ id })));
    } else {
      if (!args.data) throw new UsageError('DataRequired', `list ${args.what} needs --data <pack folder>.`, { hint: choicesHint(args.what, WHAT) });
      const { loadContent } = await import('../../content/index.js');
      (await import('../inputs.js')).noteSkippedFiles(args.data);
      const content = loadContent(args.data);
      if (args.what === 'topics') rows.push(...content.topics.map((t) => ({ id: t.id, title: t.title, aliases: t.aliases, likelihood: t.likelihood })));
      else {
        const { packDocuments } = await import('../../pack/index.js');
        const { loadTemplates } = await import('../../template/index.js');
        rows.push(...packDocuments(content, loadTemplates(args.templates).folder).map((d) => ({ ...d })));
      }
    }
    if (args.json) {
      jsonResult('list', { what: args.what, items: rows });
      return;
    }
    for (const row of rows) {
      const extra = Object.entries(row)
        .filter(([k, v]) => k !== 'id' && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
      out(`${String(row.id)}${extra.length ? `  (${extra.join('; ')})` : ''}`);
    }
  },
};
