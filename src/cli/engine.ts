// V8 settings for a briefpack process, set before the pipeline is loaded. A run is short and runs
// most of its JavaScript a few thousand times: with V8's defaults the optimising compiler spent
// about 0.9 s of a 1.8 s pack run compiling and inlining on the second core, more than the
// optimised code then saved, and it kept that core from the writer thread. Fewer, smaller
// optimisations: the bundled pack cold ~10 % faster, 200 handouts ~8 % faster (npm run bench).
// Settings only: what a document contains and its bytes are the same with or without them.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { setFlagsFromString } from 'node:v8';

export const ENGINE_FLAGS = ['--no-turbo-inlining', '--interrupt-budget=300000'] as const;

/** Applies ENGINE_FLAGS unless BRIEFPACK_V8_DEFAULTS is set (to compare, or if one misbehaves). */
export function tuneEngine(env: NodeJS.ProcessEnv = process.env, set: (flag: string) => void = setFlagsFromString): readonly string[] {
  if (env.BRIEFPACK_V8_DEFAULTS) return [];
  for (const flag of ENGINE_FLAGS) set(flag);
  return ENGINE_FLAGS;
}

/**
 * Whether this command runs for a long time (`serve`, `generate --watch`). Such a process lays out
 * the same code hundreds of times, and once warm V8's full optimisation pays for itself: in `npm
 * run bench`'s long-lived section the flags above made the pack's layouts about a third slower.
 */
export function isLongLived(argv: readonly string[]): boolean {
  return argv.find((a) => !a.startsWith('-')) === 'serve' || argv.includes('--watch');
}

/**
 * Node settings a long-lived process starts with. A young generation of 64 MB (V8's default is
 * 16): one document's preview allocates about 40 MB, so with the young garbage collected while
 * the process is idle (warm/idle.ts) it runs without a stop to collect; a whole pack stops a few
 * times instead of a dozen. About a tenth off the page's wait after a save (`npm run bench`).
 * Like ENGINE_FLAGS, settings only. They can only be given when Node starts, so a long-lived
 * command starts itself again with them (relaunch).
 */
export const LONG_LIVED_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/**
 * The node arguments to run this command again with LONG_LIVED_NODE_FLAGS: undefined when this
 * process has them, when BRIEFPACK_V8_DEFAULTS asks for V8's defaults, or under a debugger (one
 * started with --inspect wants the process it attached to, and a second could not take its port).
 */
export function relaunchArgs(execArgv: readonly string[], argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (env.BRIEFPACK_V8_DEFAULTS || LONG_LIVED_NODE_FLAGS.every((flag) => execArgv.includes(flag))) return undefined;
  if (execArgv.some((arg) => arg.startsWith('--inspect'))) return undefined;
  return [...execArgv, ...LONG_LIVED_NODE_FLAGS, ...argv.slice(1)];
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs node with these arguments, sharing this process's terminal, and resolves to the exit
 * code to leave with. A signal sent to this process goes to the child (Ctrl-C reaches both; the
 * commands that stay up stop once however often they are asked); this process waits for it.
 */
export function relaunch(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  return new Promise((done) => {
    const finish = (code: number) => {
      for (const signal of FORWARDED) process.off(signal, forward);
      done(code);
    };
    child.once('error', () => finish(1));
    // Killed by a signal: the shell's convention, 128 + its number.
    child.once('exit', (code, signal) => finish(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}
