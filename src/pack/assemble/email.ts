// The covering email of a document: an unsent draft (.eml) with the DOCX (and the PDF if asked)
// attached, its subject and body from the text template `email.txt.hbs` rendered with the
// document's own view, so a public document's email can only say what the public view holds.
import { createHash } from 'node:crypto';
import type MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { ConfigError } from '../../errors.js';
import { loadTextTemplate } from '../../template/index.js';
import type { Format } from '../../write/index.js';
import type { Rendered } from '../compose/build.js';
import { checkAddresses, type EmailOptions } from '../plan/email.js';
import { sha256, type ManifestEntry } from '../output/manifest.js';
import type { PendingFile } from '../output/output.js';

const EMAIL_TEMPLATE = 'email';

export interface Attachment {
  readonly filename: string;
  readonly format: Format;
  readonly bytes: Uint8Array;
}

export interface DraftInput {
  /** The document's view, as its templates saw it. */
  readonly view: object;
  readonly attachments: readonly Attachment[];
  readonly date: Date;
  readonly to?: string;
  /** Template folder of the run; the bundled email template is used when it has none. */
  readonly templates?: string;
  /** Sets the subject's and body's text for the document's language, as the document's is set. */
  readonly typeset?: (text: string) => string;
}

const CONTENT_TYPES: Partial<Record<Format, string>> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

// Header fields are one line: a line break in a meeting or recipient name would end the Subject:
// and push the rest of it into the body, or start a header of its own.
const LINE_BREAKS = /[\r\n\u000B\u000C\u0085\u2028\u2029]+/g;

/** The view with every line break in its text folded into a space: a name is one line, in the subject and the body alike. */
function oneLine(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(LINE_BREAKS, ' ');
  if (depth > 64 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => oneLine(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, oneLine(v, depth + 1)]));
}

/** Splits the rendered template into its subject line and body. */
function subjectAndBody(text: string, file = `${EMAIL_TEMPLATE}.txt.hbs`): { subject: string; body: string } {
  const match = /^\s*Subject:[ \t]*(.*)\r?\n(?:[ \t]*\r?\n)*([\s\S]*)$/.exec(text);
  if (!match || !match[1]!.trim()) {
    throw new ConfigError('EmailTemplateInvalid', `The email template ${file} must start with a "Subject: …" line, then a blank line and the body.`, {
      location: { file },
    });
  }
  const body = match[2]!
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // Runs of spaces fold into one; the no-break spaces of the language's typography stay.
  return { subject: match[1]!.replace(/[^\S\u00A0\u202F]+/g, ' ').trim(), body: `${body}\n` };
}

/**
 * The draft's bytes. Everything a mail library would otherwise make up (date, Message-ID, MIME
 * boundaries) is derived from the input, so the same input and clock give the same bytes.
 */
async function composeDraft(input: DraftInput): Promise<Uint8Array> {
  if (input.to) checkAddresses(input.to);
  const written = subjectAndBody(loadTextTemplate(EMAIL_TEMPLATE, input.templates)(oneLine(input.view) as object));
  const set = input.typeset ?? ((text: string) => text);
  const subject = set(written.subject);
  const body = set(written.body);
  const digest = createHash('sha256');
  digest.update(subject).update(body).update(input.to ?? '').update(input.date.toISOString());
  for (const a of input.attachments) digest.update(a.filename).update(a.bytes);
  const hash = digest.digest('hex');
  const options: ConstructorParameters<typeof MailComposer>[0] & { baseBoundary: string } = {
    subject,
    text: body,
    ...(input.to ? { to: input.to } : {}),
    date: input.date,
    messageId: `<${hash.slice(0, 32)}@briefpack.invalid>`,
    baseBoundary: hash.slice(32, 48),
    textEncoding: 'quoted-printable',
    // Mail clients open a message with this header as a draft to edit and send.
    headers: { 'X-Unsent': '1' },
    attachments: input.attachments.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength),
      ...(CONTENT_TYPES[a.format] ? { contentType: CONTENT_TYPES[a.format] } : {}),
    })),
  };
  // nodemailer loads Node's http and stream machinery: only a run that writes a draft pays for it.
  const { default: Composer } = await import('nodemailer/lib/mail-composer/index.js');
  const composer = new Composer(options);
  const message = await new Promise<Buffer>((resolve, reject) => composer.compile().build((error, bytes) => (error ? reject(error) : resolve(bytes))));
  return new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
}

/**
 * The draft for one rendered document, named like its DOCX, and its manifest entry. Nothing when
 * the run wrote no DOCX of it.
 */
export async function draftFor(
  rendered: Rendered,
  entries: readonly ManifestEntry[],
  options: EmailOptions,
  context: { readonly date: Date; readonly templates?: string },
): Promise<{ file: PendingFile; entry: ManifestEntry } | undefined> {
  const docx = entries.find((e) => e.format === 'docx');
  if (!docx) return undefined;
  const wanted = new Set<Format>(['docx', ...(options.attachPdf ? (['pdf'] as const) : [])]);
  // The DOCX first: it is the document the draft is about; the PDF rides along.
  const attachments = rendered.outputs
    .filter((o) => wanted.has(o.format))
    .sort((a, b) => Number(b.format === 'docx') - Number(a.format === 'docx'))
    .map((o) => ({ filename: `${rendered.job.base}.${o.format}`, format: o.format, bytes: o.written.bytes }));
  const bytes = await composeDraft({
    view: rendered.built.view,
    typeset: rendered.built.typeset,
    attachments,
    date: context.date,
    ...(options.to ? { to: options.to } : {}),
    ...(context.templates ? { templates: context.templates } : {}),
  });
  const name = `${rendered.job.base}.eml`;
  return { file: { name, bytes }, entry: { ...docx, file: name, format: 'eml', pages: null, bytes: bytes.byteLength, sha256: sha256(bytes) } };
}
