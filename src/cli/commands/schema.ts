import type { CommandModule } from 'yargs';
import { out } from '../io.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'Print the JSON Schema of pack YAML files (for editor autocompletion)',
  builder: (y) =>
    y
      .example('$0 schema > briefpack.schema.json', 'Save it for your editor (see README, "Editor support")')
      .example('$0 init data/my-meeting', 'A new pack comes with the schema and the line that links it'),
  handler: async () => {
    const { contentJsonSchema } = await import('../../content/index.js');
    out(JSON.stringify(contentJsonSchema(), null, 2));
  },
};
