import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { out } from '../io.js';

interface Args {
  data: string;
  json?: boolean;
  lang?: string;
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate <data>',
  describe: 'Check a pack folder and print every problem',
  builder: (y: Argv) =>
    y
      .positional('data', { type: 'string', demandOption: true, describe: 'Pack folder' })
      .option('json', { type: 'boolean' })
      .option('lang', { type: 'string', describe: 'Also report how much of the pack has text in this language (items, fields, percent)' })
      .example('$0 validate data/mypack', 'Lists each problem with file, line and field')
      .example('$0 validate data/mypack --lang fr', 'Also: how much of the pack is translated into French, and which items are not') as unknown as Argv<Args>,
  handler: async (args) => {
    const { loadContent } = await import('../../content/index.js');
    const { locale, translationCoverage } = await import('../../content/languages.js');
    if (args.lang !== undefined && !locale.safeParse(args.lang).success) {
      throw new UsageError('BadLanguage', `--lang must be a language tag such as fr, de or pt-BR; got '${args.lang}'.`);
    }
    (await import('../inputs.js')).noteSkippedFiles(args.data);
    const content = loadContent(args.data);
    const counts = { topics: content.topics.length, items: content.items.length, sessions: content.agenda.length, sources: content.sources.length };
    const coverage = args.lang !== undefined ? translationCoverage(content, args.lang) : undefined;
    if (args.json) out(JSON.stringify({ ok: true, pack: content.id, ...counts, ...(coverage ? { translation: coverage } : {}) }));
    else {
      out(`${args.data}: valid (${counts.topics} topics, ${counts.items} items, ${counts.sessions} sessions, ${counts.sources} sources)`);
      if (coverage) {
        out(`Translation into '${coverage.lang}': ${coverage.items.translated} of ${coverage.items.total} items, ${coverage.fields.translated} of ${coverage.fields.total} text fields (${coverage.percent}%).`);
        if (coverage.missing.length) out(`  Items with text only in the pack's language (${content.pack.locale}): ${coverage.missing.join(', ')}`);
      }
    }
  },
};
