import type { Argv, CommandModule } from 'yargs';
import { ContentError, UsageError } from '../../errors.js';
import { count, err, info, jsonResult, printDiagnostics } from '../io.js';

interface Args {
  data?: string;
  json?: boolean;
  lang?: string;
}

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate [data]',
  describe: 'Check a pack folder (default: every pack under data/) and print every problem',
  builder: (y: Argv) =>
    y
      .positional('data', { type: 'string', describe: 'Pack folder (default: every pack under data/)' })
      .option('json', { type: 'boolean', describe: 'Print the result as JSON (see README, "--json")' })
      .option('lang', { type: 'string', describe: 'Also report how much of the pack has text in this language (items, fields, percent)' })
      .example('$0 validate data/mypack', 'Lists each problem with file, line, field and how to fix it')
      .example('$0 validate', 'Every pack under data/')
      .example('$0 validate data/mypack --lang fr', 'Also: how much of the pack is translated into French, and which items are not') as unknown as Argv<Args>,
  handler: async (args) => {
    const { loadContent } = await import('../../content/index.js');
    const { translationCoverage } = await import('../../content/languages.js');
    const { locale } = await import('../../content/localized.js');
    const { checkDocumentIds } = await import('../../pack/plan/plan.js');
    if (args.lang !== undefined && !locale.safeParse(args.lang).success) {
      throw new UsageError('BadLanguage', `--lang must be a language tag such as fr, de or pt-BR; got '${args.lang}'.`);
    }
    const inputs = await import('../inputs.js');
    const packs = args.data !== undefined ? [args.data] : (await import('./generate.js')).bundledPacks();
    const results = [];
    // Every pack is checked before the first failure is reported: one run names each broken pack.
    const failures: string[] = [];
    for (const data of packs) {
      inputs.noteSkippedFiles(data);
      try {
        const content = loadContent(data);
        printDiagnostics(content.warnings ?? []);
        // Documents whose files would take each other's names: generate refuses them, so validate does.
        checkDocumentIds(content.documents);
        const counts = { topics: content.topics.length, items: content.items.length, sessions: content.agenda.length, sources: content.sources.length };
        const coverage = args.lang !== undefined ? translationCoverage(content, args.lang) : undefined;
        results.push({ pack: content.id, folder: data, ...counts, ...(coverage ? { translation: coverage } : {}) });
        if (!args.json) {
          info(`${data}: valid (${count(counts.topics, 'topic')}, ${count(counts.items, 'item')}, ${count(counts.sessions, 'session')}, ${count(counts.sources, 'source')})`);
          if (coverage) {
            info(`Translation into '${coverage.lang}': ${coverage.items.translated} of ${coverage.items.total} items, ${coverage.fields.translated} of ${coverage.fields.total} text fields (${coverage.percent}%).`);
            if (coverage.missing.length) info(`  Items with text only in the pack's language (${content.pack.locale}): ${coverage.missing.join(', ')}`);
          }
        }
      } catch (error) {
        if (packs.length === 1) throw error;
        failures.push(data);
        const { formatError } = await import('../report.js');
        err(`${data}:\n${formatError(error)}`);
      }
    }
    if (failures.length > 0) {
      throw new ContentError('PacksInvalid', `${count(failures.length, 'pack')} of ${packs.length} ${failures.length === 1 ? 'has' : 'have'} problems: ${failures.join(', ')}.`, {
        hint: 'Fix the problems listed above for each pack; `briefpack validate <pack folder>` checks one again.',
      });
    }
    if (args.json) jsonResult('validate', { packs: results });
  },
};
