// Editor support: `briefpack schema` is a JSON Schema that a strict validator (ajv in strict mode)
// accepts, and `init` writes it beside the pack with the modeline that links each YAML file to it,
// so the YAML language server (VS Code's YAML extension) completes and checks fields as they are typed.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './in-process.js';

const strict = () => new Ajv2020({ strict: true, allErrors: true });

describe('editor support', () => {
  it('briefpack schema compiles in strict ajv', async () => {
    const r = await runCli(['schema']);
    expect(r.status).toBe(0);
    expect(() => strict().compile(JSON.parse(r.stdout))).not.toThrow();
  });

  it('init writes the schema and a modeline on the first line of every YAML file, and the files pass the schema', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bp-editor-'));
    const r = await runCli(['init', 'pack'], { cwd: root });
    expect(r.status, r.stderr).toBe(0);
    const folder = join(root, 'pack');
    const schemaText = readFileSync(join(folder, 'briefpack.schema.json'), 'utf8');
    expect(JSON.parse(schemaText)).toEqual(JSON.parse((await runCli(['schema'])).stdout));
    const validate = strict().compile(JSON.parse(schemaText));
    const yamlFiles = readdirSync(folder).filter((n) => n.endsWith('.yaml'));
    expect(yamlFiles.length).toBeGreaterThan(0);
    for (const name of yamlFiles) {
      const text = readFileSync(join(folder, name), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./briefpack.schema.json');
      expect(validate(parse(text)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // And the pack is still valid for briefpack itself.
    expect((await runCli(['validate', 'pack'], { cwd: root })).status).toBe(0);
  });

  it('the schema rejects what validate rejects: a misspelt field', async () => {
    const validate = strict().compile(JSON.parse((await runCli(['schema'])).stdout));
    expect(validate({ items: [{ id: 'a', kind: 'position', headlin: 'x' }] })).toBe(false);
  });
});
