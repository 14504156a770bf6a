#!/usr/bin/env node
// `npm run bench`'s long-lived section, in a process of its own (scripts/bench.mjs starts it), so
// the caches it turns on never touch the other figures. It measures what `briefpack serve` and
// `generate --watch` do after warm-up, with the warm path on (src/warm/):
//   warm_pack_ms            the whole pack (PDF + DOCX) again, nothing changed
//   warm_pack_relayout_ms   the whole pack with every layout thrown away: all four documents laid out
//   one_document_ms         one document (PDF + DOCX) whose model changed, worst of the pack's documents
//   one_document_pdf_ms     the same, PDF only (the file `generate` writes)
//   one_document_preview_ms the same, the preview PDF the page shows (WriteOptions.preview: laid out
//                           as the file, drawn for showing): what the page waits for after a change
//                           to one document before it shows its pages; worst of the pack's documents
//   edit_preview_ms         what `serve` does after a save before the page shows the new pages: one
//                           pack file saved (pack.yaml, its title, which every document prints) →
//                           content read again (that file alone) → the shown document's preview PDF;
//                           worst of the pack's documents. Without the watcher's settle time.
//   edit_pack_ms            the same save → every file of the pack (PDF + DOCX of each document): what
//                           the page's request for its downloads makes after it shows the pages
//   watch_rebuild_ms        `generate --watch`: a pack file saved → new manifest written (includes
//                           the watcher's 200 ms settle time, which waits for an editor's burst of writes)
// Prints one JSON object. Options: --data <folder>, --iterations <n>, --warmup <n>. scripts/bench.mjs
// starts it with the Node settings of a long-lived process (LONG_LIVED_NODE_FLAGS in src/cli/engine.ts).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const value = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const iterations = Number(value('--iterations', '7'));
const warmup = Number(value('--warmup', '3'));
const source = resolve(value('--data', join(root, 'data', 'eu-oewg-2024-07')));

const load = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const [{ generate }, { keepWarmPath }, { fixedEnv }, { watchAndGenerate }, { planJobs }, { loadTemplates }] = await Promise.all([
  load('pack/generate.js'),
  load('warm/index.js'),
  load('env.js'),
  load('cli/watch.js'),
  load('pack/plan/plan.js'),
  load('template/index.js'),
]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Number(x.toFixed(1));
const stats = (xs) => ({ median_ms: round(median(xs)), min_ms: round(Math.min(...xs)), max_ms: round(Math.max(...xs)), runs: xs.length });

// A copy of the pack: the watch part saves its files.
const work = mkdtempSync(join(os.tmpdir(), 'briefpack-long-lived-'));
const data = join(work, 'pack');
cpSync(source, data, { recursive: true });
const env = fixedEnv(new Date('2024-07-01T09:00:00Z'));
const warm = keepWarmPath();
const request = { data, out: join(work, 'out'), formats: ['pdf', 'docx'], dryRun: true };
const run = (extra = {}) => generate({ ...request, ...extra }, env);

// Between two runs the process is idle, as between a user's saves (the watcher alone waits 200 ms
// for an editor's writes to settle): what the warm path does when idle (src/warm/idle.ts) is done then.
const idle = () => new Promise((done) => setTimeout(done, 20));

async function timed(fn, before = () => undefined) {
  for (let i = 0; i < warmup; i++) before(), await fn();
  const times = [];
  for (let i = 0; i < iterations; i++) {
    before();
    await idle();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return stats(times);
}

// The same for each document in turn (one run of each, then again): a stretch of seconds in which
// the machine is slower (other work on it) falls on every document alike, not on one document's runs.
async function timedEach(ids, fn, before = () => undefined) {
  for (let i = 0; i < warmup; i++) for (const id of ids) before(id), await fn(id);
  const times = Object.fromEntries(ids.map((id) => [id, []]));
  for (let i = 0; i < iterations; i++) {
    for (const id of ids) {
      before(id);
      await idle();
      const t = performance.now();
      await fn(id);
      times[id].push(performance.now() - t);
    }
  }
  return Object.fromEntries(ids.map((id) => [id, stats(times[id])]));
}

const relayout = await timed(run, () => warm.layouts.clear());
const unchanged = await timed(run);
const content = warm.content.load(data);
const ids = planJobs(content, loadTemplates().folder, {}).map((job) => job.spec.id);
const relaid = () => warm.layouts.clear();
const documents = await timedEach(ids, (id) => run({ documents: [id] }), relaid);
const pdfOnly = await timedEach(ids, (id) => run({ documents: [id], formats: ['pdf'] }), relaid);
const previews = await timedEach(ids, (id) => run({ documents: [id], formats: ['pdf'], preview: true }), relaid);
const worst = (byDocument) => Math.max(...Object.values(byDocument).map((d) => d.median_ms));

// The page's path after a save: each save changes the pack's title, which every document prints,
// in each language it is given in (the rest of the file as it was).
const { parseDocument } = await import('yaml');
const packFile = join(data, 'pack.yaml');
const packText = readFileSync(packFile, 'utf8');
let saves = 0;
let next = '';
// The editor's part, before the clock starts: the file's next text.
const edit = () => {
  const doc = parseDocument(packText);
  const title = doc.getIn(['pack', 'title']);
  const mark = ` (draft ${++saves})`;
  if (typeof title === 'string') doc.setIn(['pack', 'title'], title + mark);
  else for (const [lang, text] of Object.entries(title.toJSON())) doc.setIn(['pack', 'title', lang], text + mark);
  next = String(doc);
};
const save = () => writeFileSync(packFile, next);
const edited = await timedEach(
  ids,
  async (id) => {
    save();
    await run({ documents: [id], formats: ['pdf'], preview: true });
  },
  edit,
);
// What serve made after a save before telling the page, until it made only the page's PDF: every
// file of the pack again (the page's request for its downloads).
const editedPack = await timed(async () => {
  save();
  await run();
}, edit);
writeFileSync(packFile, packText);

// generate --watch, in this process: the time from a save to the "Done" line, written after the
// new files and manifest are in place. Each save changes what one item says.
const pack = packFile;
const original = packText;
const lines = [];
let onDone;
const stop = new AbortController();
const watching = watchAndGenerate(
  { data, out: request.out },
  () => generate({ ...request, dryRun: false, force: true }, env),
  { signal: stop.signal, log: (line) => (lines.push(line), /^(Done|Failed)/.test(line) && onDone?.(line)) },
);
const nextDone = () => new Promise((done) => (onDone = done));
await nextDone();
const watchTimes = [];
for (let i = 0; i < warmup + iterations; i++) {
  const done = nextDone();
  const t = performance.now();
  writeFileSync(pack, `${original}\n# saved ${i}\n`);
  const line = await done;
  if (line.startsWith('Failed')) throw new Error(`watch run failed: ${lines.join('\n')}`);
  if (i >= warmup) watchTimes.push(performance.now() - t);
}
stop.abort();
await watching;
rmSync(work, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({
    warm_pack_ms: unchanged.median_ms,
    warm_pack_relayout_ms: relayout.median_ms,
    one_document_ms: worst(documents),
    one_document_pdf_ms: worst(pdfOnly),
    one_document_preview_ms: worst(previews),
    edit_preview_ms: worst(edited),
    edit_pack_ms: editedPack.median_ms,
    watch_rebuild_ms: round(median(watchTimes)),
    load_average: os.loadavg().map((x) => round(x)),
    detail: { unchanged, relayout, documents, documents_pdf: pdfOnly, documents_preview: previews, edit_preview: edited, content: warm.content.stats, watch: stats(watchTimes), settle_ms: 200, layouts: warm.layouts.stats },
  })}\n`,
);
