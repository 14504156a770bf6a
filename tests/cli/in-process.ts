// The CLI's `main` run in this process with its own streams, working folder and environment: what
// a user sees (exit code, stdout, stderr) without the cost of starting Node for every case.
import { main } from '../../src/cli/run.js';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when a real process was killed (see the corpus's process cases). */
  readonly signal?: NodeJS.Signals | null;
}

export const CLI_ENV: NodeJS.ProcessEnv = { ...process.env, SOURCE_DATE_EPOCH: '1720000000' };

export async function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const status = await main([...args], {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.tty ?? false },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? CLI_ENV,
  });
  return { status, stdout, stderr };
}
