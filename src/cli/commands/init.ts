import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../errors.js';
import { jsonResult, out } from '../io.js';

/** The JSON Schema of pack files, written beside them; the modeline that links a YAML file to it. */
const SCHEMA_FILE = 'briefpack.schema.json';
const SCHEMA_MODELINE = `# yaml-language-server: $schema=./${SCHEMA_FILE}`;

interface Args {
  folder: string;
  json?: boolean;
}

export const initCommand: CommandModule<object, Args> = {
  command: 'init <folder>',
  describe: 'Start a new pack: example YAML files, commented, that validate and generate at once',
  builder: (y: Argv) =>
    y
      .positional('folder', { type: 'string', demandOption: true, describe: 'New pack folder (must be empty or absent)' })
      .option('json', { type: 'boolean' })
      .example('$0 init data/my-meeting', 'Then: briefpack generate --data data/my-meeting')
      .example('$0 init data/my-meeting --json', 'The files written, as JSON') as unknown as Argv<Args>,
  handler: async (args) => {
    // Imported here, not at the top: the template module loads Handlebars, which every other
    // command would then pay for at start-up.
    const { BUNDLED_TEMPLATES } = await import('../../template/index.js');
    // The example pack's files: template wording, kept under templates/init/.
    const scaffold = join(BUNDLED_TEMPLATES, 'init');
    const folder = resolve(args.folder);
    if (existsSync(folder) && (!statSync(folder).isDirectory() || readdirSync(folder).length > 0)) {
      throw new UsageError('FolderNotEmpty', `${args.folder} already exists and is not an empty folder; init writes only into a new or empty one.`, {
        hint: 'Choose a new folder name.',
        location: { file: args.folder },
      });
    }
    const yamlFiles = readdirSync(scaffold).filter((n) => /\.ya?ml$/.test(n)).sort();
    const { contentJsonSchema } = await import('../../content/index.js');
    mkdirSync(folder, { recursive: true });
    // Exclusive writes ('wx'): a file appearing meanwhile is not overwritten. Each YAML file names
    // the schema on its first line, so editors with the YAML language server (VS Code's YAML
    // extension, and others) complete and check fields as they are typed.
    writeFileSync(join(folder, SCHEMA_FILE), `${JSON.stringify(contentJsonSchema(), null, 2)}\n`, { flag: 'wx' });
    for (const name of yamlFiles) writeFileSync(join(folder, name), `${SCHEMA_MODELINE}\n${readFileSync(join(scaffold, name), 'utf8')}`, { flag: 'wx' });
    const files = [...yamlFiles, SCHEMA_FILE];
    if (args.json) jsonResult('init', { folder: args.folder, files });
    else {
      out(`Created ${args.folder}/ with ${files.join(', ')}.`);
      out(`Next: edit them, then run\n  briefpack validate ${args.folder}\n  briefpack generate --data ${args.folder} --watch`);
    }
  },
};
