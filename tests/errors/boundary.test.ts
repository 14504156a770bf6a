// The boundaries of a run, one by one: what the file door lets in, what a message may print, how
// an error becomes an exit code, and what an email draft's header fields can carry.
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/cli/io.js';
import { exitCodeFor, formatError } from '../../src/cli/report.js';
import { codeFrame, RenderError } from '../../src/errors.js';
import { readInput } from '../../src/files/read.js';
import { checkAddresses } from '../../src/pack/plan/email.js';
import { readImage } from '../../src/pack/compose/images.js';
import { runCli } from '../cli/in-process.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { typeset } from '../../src/typography/index.js';

const FICTIONAL = 'tests/fixtures/packs/harbour-board';
const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('messages are safe to print on a terminal', () => {
  it('shows C0 and C1 controls, DEL and bidirectional overrides as escapes, and keeps text, tabs and line breaks', () => {
    expect(terminalSafe('a\u001b[31mred\u001b]0;title\u0007\rb')).toBe('a\\x1b[31mred\\x1b]0;title\\x07\\x0db');
    expect(terminalSafe('\u009b2J \u007f \u202egnp.exe \u2066x\u2069')).toBe('\\u009b2J \\u007f \\u202egnp.exe \\u2066x\\u2069');
    expect(terminalSafe('Zażółć\tgęślą\njaźń — Ξεσκεπάζω 会议')).toBe('Zażółć\tgęślą\njaźń — Ξεσκεπάζω 会议');
  });

  it('keeps --json output valid JSON that reads back as typed', async () => {
    const r = await runCli(['generate', '--data', FICTIONAL, '--out', join(temp('bp-json-'), 'out'), '--topic', '\u009b2J\u202e', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).not.toMatch(/[\u0080-\u009f\u202e]/);
    expect((JSON.parse(r.stdout) as { error: { message: string } }).error.message).toContain('\u009b2J\u202e');
  });
});

describe('exit codes', () => {
  it('gives exit 1 only for our own failure, with the command to rerun under --debug and no stack', () => {
    const bug = new TypeError('x.y is not a function');
    expect(exitCodeFor(bug)).toBe(1);
    const text = formatError(bug, false, ['generate', '--data', 'my pack', '--format', 'pdf']);
    expect(text).toContain("run `briefpack generate --data 'my pack' --format pdf --debug`");
    expect(text).not.toMatch(/^\s+at /m);
    expect(formatError(bug, true)).toMatch(/^\s+at /m);
  });

  it("gives a writer's own failure (exit 1) the command to rerun under --debug too", () => {
    const failed = new RenderError('WriterFailed', 'The PDF could not be laid out: Offset is outside the bounds of the DataView');
    expect(exitCodeFor(failed)).toBe(1);
    const text = formatError(failed, false, ['generate', '--data', 'my pack']);
    expect(text).toMatch(/^error WriterFailed: /m);
    expect(text).toContain("run `briefpack generate --data 'my pack' --debug` and report what it prints");
    expect(formatError(failed, true, ['generate'])).not.toContain('report what it prints');
  });

  it('gives exit 2 for a file system refusal about a path the user named', () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open 'out/x.pdf'"), { code: 'EACCES', path: 'out/x.pdf', syscall: 'open' });
    expect(exitCodeFor(denied)).toBe(2);
    expect(formatError(denied)).toMatch(/^error FileEACCES: out\/x\.pdf: permission denied \(EACCES in open\)\.$/m);
    expect(formatError(denied)).toMatch(/^hint: /m);
  });
});

describe('the file door', () => {
  it('follows a link that stays inside the folder, and refuses one that leaves it', () => {
    const root = temp('bp-links-');
    writeFileSync(join(root, 'real.yaml'), 'a: 1\n');
    symlinkSync('real.yaml', join(root, 'alias.yaml'));
    symlinkSync(join(process.cwd(), 'package.json'), join(root, 'away.yaml'));
    expect(readInput(join(root, 'alias.yaml'), { kind: 'yaml', within: [root] }).toString()).toBe('a: 1\n');
    expect(() => readInput(join(root, 'away.yaml'), { kind: 'yaml', within: [root] })).toThrow(/is a link to .*package\.json, outside the folder/);
  });

  it('lets an SVG refer to its own parts and inline data, not to anything else', () => {
    const pack = temp('bp-svg-');
    const svg = (inner: string) => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">${inner}</svg>`;
    writeFileSync(join(pack, 'own.svg'), svg('<defs><path id="p" d="M0 0h10"/></defs><use xlink:href="#p"/><rect fill="url(#g)"/><image href="data:image/png;base64,AAAA"/>'));
    expect(readImage(pack, 'own.svg', 'pack.logo').format).toBe('svg');
    const references = [
      '<image href="../secret.png"/>',
      "<image xlink:href='file:///etc/hostname'/>",
      '<style>@import url(https://example.org/a.css);</style>',
      // A quote of the other kind inside the value, as XML allows; the renderer reads the whole path.
      `<image href="../sec'ret.png"/>`,
      `<image xlink:href='/etc/host"name'/>`,
      // A "fragment" or "data" that is a path: the renderer reads any value not base64 data as a file.
      '<image href="#/../../etc/hostname"/>',
      '<image href="data:x/../../../etc/hostname"/>',
      '<image href="&#47;etc/hostname"/>',
      // An href that reads, as text, like part of another attribute's value.
      `<image a=' href="#x' href="/etc/hostname" b='"'/>`,
    ];
    for (const reference of references) {
      writeFileSync(join(pack, 'out.svg'), svg(reference));
      expect(() => readImage(pack, 'out.svg', 'pack.logo'), reference).toThrow(/outside the drawing/);
    }
  });
});

describe('email drafts', () => {
  it('checks --to with the mail parser: one or several addresses, nothing smuggled', () => {
    expect(checkAddresses('desk@example.org')).toEqual(['desk@example.org']);
    expect(checkAddresses('Desk <desk@example.org>, team@example.org')).toEqual(['desk@example.org', 'team@example.org']);
    for (const bad of ['desk@example.org\nBcc: spy@example.net', 'desk@example.org\r\n', 'the desk', '', 'desk@', '@example.org', 'a@b.c, nobody']) {
      expect(() => checkAddresses(bad), JSON.stringify(bad)).toThrow(/is not a list of email addresses/);
    }
  });

  it('keeps a line break in the meeting or recipient name out of the headers: the subject is one line, no header is added', async () => {
    const root = temp('bp-eml-');
    const pack = join(root, 'pack');
    cpSync(FICTIONAL, pack, { recursive: true });
    const yaml = readFileSync(join(pack, 'pack.yaml'), 'utf8');
    writeFileSync(join(pack, 'pack.yaml'), yaml.replace("    name: Conseil d'administration, session de printemps", '    name: "Conseil\\r\\nBcc: spy@example.net\\nX-Injected: yes"'));
    const out = join(root, 'out');
    const r = await runCli(['generate', '--data', pack, '--out', out, '--format', 'docx', '--email', '--for', 'Ville\nCc: other@example.net']);
    expect(r.status, r.stderr).toBe(0);
    const drafts = readdirSync(out).filter((f) => f.endsWith('.eml'));
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) {
      const mail = await simpleParser(readFileSync(join(out, draft)));
      // Set as French is (a no-break space before the colon): the pack is French.
      expect(mail.subject).toContain(typeset('fr', 'Conseil Bcc: spy@example.net X-Injected: yes'));
      expect(mail.bcc).toBeUndefined();
      expect(mail.cc).toBeUndefined();
      expect(mail.headers.has('x-injected')).toBe(false);
      // The body starts where the template's does, not with the rest of a cut subject line.
      const greeting = typeset('fr', messagesFor(BUNDLED_TEMPLATES, 'fr-FR').format('email.greetingFor', { recipient: 'Ville Cc: other@example.net' }));
      expect(mail.text!.startsWith(greeting), mail.text).toBe(true);
    }
  });
});

describe('code frames', () => {
  it('cut a long line around the column, so a 100,000-character line prints as one short line', () => {
    const text = `a: 1\nb: ${'x'.repeat(50_000)}!${'y'.repeat(50_000)}\nc: 3\n`;
    const frame = codeFrame(text, 2, 50_004);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThan(130);
    const lines = frame.split('\n');
    const marked = lines.find((l) => l.startsWith('>'))!;
    const caret = lines[lines.indexOf(marked) + 1]!;
    expect(marked[caret.indexOf('^')]).toBe('!');
  });
});

describe('the file door refuses what is not a file, by name', () => {
  it('a socket', async () => {
    const { createServer } = await import('node:net');
    const path = join(temp('bp-sock-'), 'items.yaml');
    const server = createServer();
    await new Promise<void>((done) => server.listen(path, done));
    try {
      expect(() => readInput(path, { kind: 'yaml' })).toThrow(`${path} is a socket, not a file.`);
    } finally {
      server.close();
    }
  });

  it('a device', () => {
    expect(() => readInput('/dev/null', { kind: 'yaml' })).toThrow('/dev/null is a device, not a file.');
  });
});
