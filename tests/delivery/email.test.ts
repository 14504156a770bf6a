// Email drafts: what a mail client opens is a parsable MIME message, an unsent draft, carrying the
// very DOCX (and PDF) written next to it.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/index.js';
import { fixedEnv } from '../../src/env.js';
import { BriefpackError } from '../../src/errors.js';
import { generate, type GenerateResult } from '../../src/pack/index.js';
import { BUNDLED_TEMPLATES } from '../../src/template/index.js';
import { messagesFor } from '../../src/template/messages.js';
import { PACKS, packWithHandout, tempDir } from './helpers.js';
import { typeset } from '../../src/typography/index.js';

const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const TO = 'desk@example.org';

describe.each(Object.entries(PACKS))('%s pack: --email', (_name, source) => {
  let data: string;
  let out: string;
  let result: GenerateResult;
  const mail: Record<string, ParsedMail> = {};
  const raw: Record<string, Buffer> = {};

  beforeAll(async () => {
    data = packWithHandout(source);
    out = tempDir('bp-email-');
    result = await generate({ data, out, formats: ['pdf', 'docx'], email: { to: TO, attachPdf: true } }, env);
    for (const doc of ['briefing', 'handout']) {
      const entry = result.files.find((f) => f.document === doc && f.format === 'eml')!;
      raw[doc] = readFileSync(join(out, entry.file));
      mail[doc] = await simpleParser(raw[doc]);
    }
  });

  it('lists one draft per DOCX in the manifest, named like it', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const drafts = manifest.files.filter((f: { format: string }) => f.format === 'eml');
    const docx = manifest.files.filter((f: { format: string }) => f.format === 'docx');
    expect(drafts.map((f: { file: string }) => f.file.replace(/\.eml$/, ''))).toEqual(docx.map((f: { file: string }) => f.file.replace(/\.docx$/, '')));
    for (const d of drafts) expect(d.bytes).toBe(readFileSync(join(out, d.file)).byteLength);
  });

  it('attaches the DOCX and PDF byte for byte', () => {
    for (const doc of ['briefing', 'handout']) {
      const base = result.files.find((f) => f.document === doc && f.format === 'docx')!.file.replace(/\.docx$/, '');
      const attachments = mail[doc]!.attachments;
      expect(attachments.map((a) => a.filename)).toEqual([`${base}.docx`, `${base}.pdf`]);
      expect(attachments[0]!.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(Buffer.compare(attachments[0]!.content, readFileSync(join(out, `${base}.docx`)))).toBe(0);
      expect(Buffer.compare(attachments[1]!.content, readFileSync(join(out, `${base}.pdf`)))).toBe(0);
    }
  });

  it('is an unsent draft to the address given, with subject and body from the template', () => {
    const content = loadContent(data);
    for (const doc of ['briefing', 'handout']) {
      const m = mail[doc]!;
      expect(m.headers.get('x-unsent')).toBe('1');
      expect(m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : []).toEqual([TO]);
      expect(m.subject).toContain(content.pack.meeting.name);
      // The body in the pack's language ("Please find attached …", "Vous trouverez ci-joint …").
      expect(m.text).toContain(messagesFor(BUNDLED_TEMPLATES, content.pack.locale).format('email.regards'));
      expect(m.text).toContain(content.pack.preparedBy.name);
      expect(m.date?.toISOString()).toBe('2024-07-01T09:00:00.000Z');
    }
    // The internal briefing's draft carries its marking; the public handout's never does.
    expect(mail.briefing!.subject).toContain(`[${content.pack.marking!.toUpperCase()}]`);
    expect(mail.handout!.subject).not.toContain(content.pack.marking!.toUpperCase());
    expect(mail.handout!.text).not.toContain(content.pack.marking!.toUpperCase());
  });

  it('gives identical bytes for the same input and clock', async () => {
    const again = tempDir('bp-email-');
    await generate({ data, out: again, formats: ['pdf', 'docx'], email: { to: TO, attachPdf: true } }, env);
    const entry = result.files.find((f) => f.document === 'handout' && f.format === 'eml')!;
    expect(Buffer.compare(readFileSync(join(again, entry.file)), raw.handout!)).toBe(0);
  });
});

describe('--email options', () => {
  const data = packWithHandout(PACKS.fictional);

  it('leaves To empty without --to and attaches only the DOCX without --email-pdf', async () => {
    const out = tempDir('bp-email-');
    const result = await generate({ data, out, formats: ['pdf', 'docx'], documents: ['handout'], email: {} }, env);
    const m = await simpleParser(readFileSync(join(out, result.files.find((f) => f.format === 'eml')!.file)));
    expect(m.to).toBeUndefined();
    expect(m.attachments.map((a) => a.filename)).toEqual(['handout-standard.docx']);
  });

  it('refuses a run without DOCX (or without PDF for --email-pdf), writing nothing', async () => {
    const out = tempDir('bp-email-');
    await expect(generate({ data, out, formats: ['pdf'], email: {} }, env)).rejects.toMatchObject({ code: 'EmailNeedsFormat' });
    await expect(generate({ data, out, formats: ['docx'], email: { attachPdf: true } }, env)).rejects.toBeInstanceOf(BriefpackError);
  });

  it('takes the email template from a custom template folder, printing values as typed (no Markdown escaping)', async () => {
    const templates = join(tempDir('bp-tpl-'), 'templates');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    writeFileSync(join(templates, 'email.txt.hbs'), 'Subject: Custom: {{document.title}}\n\nText *as typed* for {{document.recipient}}.\n');
    const out = tempDir('bp-email-');
    const result = await generate({ data, out, formats: ['docx'], documents: ['handout'], templates, recipient: 'A_B *C* <D>', email: {} }, env);
    const m = await simpleParser(readFileSync(join(out, result.files.find((f) => f.format === 'eml')!.file)));
    // The handout has no title of its own and is public: it is titled after the meeting, not the pack.
    // The pack is French: the subject is set as its documents are (a no-break space before the colon).
    expect(m.subject).toBe(typeset('fr', `Custom: ${loadContent(data).pack.meeting.name}`));
    expect(m.text).toBe('Text *as typed* for A_B *C* <D>.\n');
  });

  it('rejects an email template without a subject line', async () => {
    const templates = join(tempDir('bp-tpl-'), 'templates');
    cpSync(BUNDLED_TEMPLATES, templates, { recursive: true });
    writeFileSync(join(templates, 'email.txt.hbs'), 'Hello {{document.title}}\n');
    await expect(generate({ data, out: tempDir('bp-email-'), formats: ['docx'], documents: ['handout'], templates, email: {} }, env)).rejects.toMatchObject({
      code: 'EmailTemplateInvalid',
    });
  });
});
