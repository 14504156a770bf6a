// The house's rules (.dependency-cruiser.cjs): no import circle, writers see only the model and a
// theme, and nothing outside src/write reaches into a writer's internals. Checked on the sources,
// and on a small tree that breaks each rule once, so a rule that stopped matching would show.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CRUISE = resolve('node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = resolve('.dependency-cruiser.cjs');

interface Violation {
  readonly rule: { readonly name: string };
  readonly from: string;
  readonly to: string;
}

function cruise(cwd: string): { modules: number; violations: Violation[] } {
  const run = spawnSync(process.execPath, [CRUISE, 'src', '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(run.stdout, run.stderr).not.toBe('');
  const result = JSON.parse(run.stdout) as { modules: unknown[]; summary: { violations: Violation[] } };
  return { modules: result.modules.length, violations: result.summary.violations };
}

describe('the dependency rules', () => {
  it('hold for the sources', () => {
    const { modules, violations } = cruise(process.cwd());
    expect(modules).toBeGreaterThan(100);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('catch each kind of break', () => {
    const { violations } = cruise(resolve('tests/fixtures/layers'));
    expect(violations.map((v) => `${v.rule.name}: ${v.from}`).sort()).toEqual([
      'compose-before-execute: src/pack/compose/build.ts',
      'no-circular: src/loop/a.ts',
      'run-flows-one-way: src/pack/plan/plan.ts',
      'theme-below-writers: src/theme/load.ts',
      'writer-sees-model-and-theme-only: src/write/pdf/index.ts',
      'writers-through-their-entry: src/pack/run.ts',
      'writers-through-their-entry: src/theme/load.ts',
    ]);
  });
});
