// A run's plan: the pack, templates and themes loaded, the options checked together, and every job
// and file known before anything is rendered.
import { loadContent, type Content } from '../../content/index.js';
import { UsageError } from '../../errors.js';
import { loadTemplates, type TemplateSet } from '../../template/index.js';
import { themeLoader, type Theme } from '../../theme/index.js';
import type { Format, PdfStandard } from '../../write/index.js';
import { checkEmailFormats, type EmailOptions } from './email.js';
import { checkDistinct, documentLanguage, fileBase, planJobs, type Job, type PlanOptions, type PlannedFile } from './plan.js';
import { planRecipientJobs, type Recipient, type RecipientPlan } from './recipients.js';

export interface RunRequest extends PlanOptions {
  readonly data: string;
  readonly formats: readonly Format[];
  readonly templates?: string;
  readonly combined?: boolean;
  readonly email?: EmailOptions;
  readonly recipients?: readonly (string | Recipient)[];
  /** PDF/A level of every PDF, over what the themes say. */
  readonly pdfStandard?: PdfStandard;
}

export interface RunPlan {
  readonly content: Content;
  readonly templates: TemplateSet;
  readonly themeFor: (name?: string) => Theme;
  readonly jobs: readonly Job[];
  /** A recipient list renders on worker threads; a pack's own documents on this thread. */
  readonly pooled: boolean;
  /** For --for (one name or a list): the recipients and what their documents are. */
  readonly recipients?: RecipientPlan & { readonly names: readonly (string | Recipient)[] };
}

/** `load` reads the pack: a long-lived process passes its own loader, which keeps what did not change. */
export function planRun(request: RunRequest, load: (folder: string) => Content = loadContent): RunPlan {
  const content = load(request.data);
  const templates = loadTemplates(request.templates);
  const themeFor = themeLoader(request.pdfStandard ? { pdfStandard: request.pdfStandard } : {});
  themeFor(request.theme);
  if (request.email) checkEmailFormats(request.formats, request.email);
  if (request.combined && request.recipients) {
    throw new UsageError('CombinedWithRecipients', '--combined prints one pack; it cannot be combined with a recipient list.', { hint: 'Run --combined and --for <list> as two commands.' });
  }
  // One recipient or a list: one rule, the public documents once for each.
  const names = request.recipients ?? (request.recipient !== undefined ? [request.recipient] : undefined);
  const perRecipient = names ? planRecipientJobs(content, templates.folder, request, names) : undefined;
  const jobs = perRecipient?.jobs ?? planJobs(content, templates.folder, request);
  checkDistinct(plannedFiles(jobs, request, documentLanguage(content, request.lang).tail));
  return { content, templates, themeFor, jobs, pooled: request.recipients !== undefined, ...(perRecipient ? { recipients: { ...perRecipient, names: names! } } : {}) };
}

export const combinedAudience = (jobs: readonly Job[]) => (jobs.some((j) => j.spec.audience === 'internal') ? 'internal' : 'public');

/** The combined PDF's name: the one rule of plan.ts, its tail the audience and a language other than the pack's (see `fileBase`). */
export const combinedName = (focus: readonly string[], recipient: string | undefined, tail: readonly string[]) => `${fileBase('combined', focus, recipient, tail)}.pdf`;

/** Every file the run will write, known before anything is rendered. */
function plannedFiles(jobs: readonly Job[], request: RunRequest, languageTail: readonly string[]): PlannedFile[] {
  const what = (job: Job) => `'${job.spec.id}'${job.request.recipient !== undefined ? ` for "${job.request.recipient}"` : ''}`;
  const files = jobs.flatMap((job) =>
    [...request.formats, ...(request.email ? ['eml'] : [])].map((ext) => ({ file: `${job.base}.${ext}`, what: what(job) })),
  );
  if (request.combined && jobs.length > 0) {
    files.push({ file: combinedName(jobs[0]!.request.focus ?? [], request.recipient, [combinedAudience(jobs), ...languageTail]), what: 'the combined PDF' });
  }
  return files;
}
