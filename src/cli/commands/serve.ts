import { spawn } from 'node:child_process';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { processEnv } from '../../env.js';
import { UsageError } from '../../errors.js';
import { err, io, out } from '../io.js';
import { bundledPacks, outFolder } from './generate.js';

interface Args {
  data?: string;
  out?: string;
  templates?: string;
  port: number;
  host?: string;
  open?: boolean;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

/** Opens the page in the user's browser; a machine without one just keeps the printed address. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => err(`note: could not open a browser (${command}); open ${url} yourself.`));
    child.unref();
  } catch {
    err(`note: could not open a browser; open ${url} yourself.`);
  }
}

export const serveCommand: CommandModule<object, Args> = {
  command: 'serve',
  describe: 'Open a local page to pick documents, topics and length, see the pages and download them',
  builder: (y: Argv) =>
    y
      .option('data', { type: 'string', describe: 'Pack folder (default: every pack under data/)' })
      .option('out', { type: 'string', describe: 'Where "Write to output" writes (default: output/<pack>)' })
      .option('templates', { type: 'string', describe: 'Template folder (default: the bundled templates/)' })
      .option('port', { type: 'number', default: 4321, describe: 'Port to listen on (0: any free port)' })
      .option('host', { type: 'string', describe: 'Interface to listen on (default 127.0.0.1; another one lets other machines in)' })
      .option('open', { type: 'boolean', describe: 'Open the page in the browser' })
      .example('$0 serve', 'Every pack under data/, at http://127.0.0.1:4321/')
      .example('$0 serve --data data/mypack --open', 'One pack, and open the page') as unknown as Argv<Args>,
  handler: async (args: ArgumentsCamelCase<Args>) => {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      throw new UsageError('BadPort', `--port must be a whole number from 0 to 65535; got ${args.port}.`);
    }
    const host = args.host ?? '127.0.0.1';
    if (!LOOPBACK_NAMES.has(host)) {
      err(`warning PublicServer: listening on ${host}: anyone who can reach this machine there can read and write the pack's documents. The server has no password.`);
    }
    const { startServer } = await import('../../serve/index.js');
    const { refuseOutInsideInputs } = await import('../inputs.js');
    const packs = (args.data ? [args.data] : bundledPacks()).map((folder) => ({ folder, out: outFolder(args, folder) }));
    if (packs.length === 0) throw new UsageError('NoPacks', 'No pack under data/: no folder there holds YAML files.', { hint: 'Pass --data <pack folder>, or start one with `briefpack init data/<name>`.' });
    for (const p of packs) refuseOutInsideInputs({ out: p.out, data: p.folder, ...(args.templates ? { templates: args.templates } : {}) });
    const running = await startServer({
      packs,
      ...(args.templates ? { templates: args.templates } : {}),
      ...(args.data ? { watchData: args.data } : {}),
      env: processEnv(io().env),
      host,
      port: args.port,
      log: err,
    });
    out(`briefpack serve: ${running.url}  (Ctrl-C to stop)`);
    if (args.open) openBrowser(running.url);
    // Asked more than once (Ctrl-C reaches a relaunched process from the terminal and from its
    // parent, engine.ts), it still closes once and finishes what it writes.
    let stop = () => undefined as void;
    const stopped = new Promise<void>((done) => (stop = done));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await stopped;
    await running.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  },
};
