// The page: options on the left, the chosen document's pages on the right (drawn by pdf.js from a
// preview PDF, laid out as the file the download offers), downloads above them. Every change of an option asks the
// server for a new preview; a change of a file on disk arrives as a Server-Sent Event and does too.
// Loaded beside this file (/assets/), by URL: it is served, not a module of the sources.
const pdfjs = await import(new URL('pdf.mjs', import.meta.url).href);

pdfjs.GlobalWorkerOptions.workerSrc = '/assets/pdf.worker.mjs';
// One pdf.js worker for every preview: each document opened without one started a worker of its
// own, loading and compiling pdf.js's worker script again (most of what the page took to show
// pages the server had ready).
let worker;
const pdfWorker = () => (worker && !worker.destroyed ? worker : (worker = new pdfjs.PDFWorker()));

const $ = (id) => document.getElementById(id);
const form = $('options');
const state = { pack: null, info: null, render: null, files: [], asked: 0, shownFile: null };

/** An element with attributes and children; text is set as text, never as markup. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(path, body, signal) {
  const response = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal });
  const json = await response.json().catch(() => ({ ok: false, error: { code: 'BadAnswer', message: `The server answered ${response.status}.` } }));
  if (!json.ok) throw Object.assign(new Error(json.error.message), { info: json.error });
  return json;
}

function setStatus(text) {
  $('status').textContent = text;
}

/** An error as the terminal shows it: code, message, where (file, line, field), the lines around it, the hint. */
function showProblem(error) {
  const box = $('problem');
  box.replaceChildren();
  if (!error) return;
  const info = error.info ?? { code: 'Failed', message: error.message };
  const where = (l) => (l ? [[l.file, l.line, l.column].filter((x) => x !== undefined && x !== null && x !== '').join(':'), l.path ? `field ${l.path}` : ''].filter(Boolean).join(', ') : '');
  const parts = [el('h3', { text: `${info.code}: ${info.message}` })];
  // One problem is its message, said above: only where it is and the lines around it follow.
  const details = info.details?.length ? info.details : info.location || info.frame ? [{ location: info.location, frame: info.frame }] : [];
  const list = el('ul');
  for (const d of details) {
    const item = el('li');
    const place = where(d.location);
    if (place) item.append(el('span', { class: 'where', text: place }), d.message ? ': ' : '');
    if (d.message) item.append(d.message);
    if (d.frame) item.append(el('pre', { class: 'frame', text: d.frame }));
    list.append(item);
  }
  parts.push(list);
  if (info.hint) parts.push(el('p', { class: 'hint', text: info.hint }));
  box.append(el('div', { class: 'problem' }, ...parts));
}

function fillSelect(select, options, keep) {
  const fixed = [...select.querySelectorAll('option[data-fixed]')];
  select.replaceChildren(...fixed);
  for (const [value, label] of options) select.append(el('option', { value, text: label }));
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}

/** The checkboxes of a list, ticking those ticked before (or all, the first time for documents). */
function fillChoices(container, name, choices, ticked) {
  container.replaceChildren();
  for (const c of choices) {
    const id = `${name}-${c.id}`;
    container.append(
      el('div', { class: 'check' },
        el('input', { type: 'checkbox', id, name, value: c.id, checked: ticked(c.id) }),
        el('label', { for: id, text: c.label }),
      ),
    );
  }
}

const ticked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

async function loadPack() {
  const keepDocs = state.info ? new Set(ticked('document')) : null;
  const keepTopics = new Set(ticked('topic'));
  const { pack } = await api(`/api/packs/${encodeURIComponent(state.pack)}`);
  const known = new Set(state.info?.documents.map((d) => d.id) ?? []);
  state.info = pack;
  $('pack-title').textContent = pack.title;
  fillChoices($('document-list'), 'document', pack.documents.map((d) => ({ id: d.id, label: `${d.title} (${d.audience})` })), (id) => !keepDocs || keepDocs.has(id) || !known.has(id));
  fillChoices($('topic-list'), 'topic', pack.topics.map((t) => ({ id: t.id, label: t.aliases.length ? `${t.title} (also: ${t.aliases.join(', ')})` : t.title })), (id) => keepTopics.has(id));
  fillSelect($('length'), pack.lengths.map((l) => [l, l]), $('length').value);
  fillSelect($('theme'), pack.themes.map((t) => [t, t]), $('theme').value);
  fillSelect($('lang'), pack.languages.map((l) => [l, languageName(l)]), $('lang').value);
  $('lang').querySelector('option[data-fixed]').textContent = `Each document's own (pack: ${languageName(pack.locale)})`;
  fillShown();
}

/** "French (fr)", in the browser's language; the tag alone where the browser has no name for it. */
function languageName(tag) {
  try {
    const name = new Intl.DisplayNames([navigator.language, 'en'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

/** Documents made for a recipient are public only (as with `--for`): the internal ones are not shown. */
function fillShown() {
  const chosen = new Set(ticked('document'));
  const forSomeone = $('recipient').value.trim() !== '';
  const docs = state.info.documents.filter((d) => chosen.has(d.id) && (!forSomeone || d.audience === 'public'));
  fillSelect($('shown'), docs.map((d) => [d.id, d.title]), $('shown').value);
}

function options() {
  const names = $('topic-names').value.split(',').map((s) => s.trim()).filter(Boolean);
  const pages = Number.parseInt($('pages').value, 10);
  const documents = ticked('document');
  return {
    // Every document ticked is the CLI without --doc: with a recipient, its public documents.
    ...(documents.length < state.info.documents.length ? { documents } : {}),
    topics: [...ticked('topic'), ...names],
    only: $('only').checked,
    ...($('length').value ? { length: $('length').value } : {}),
    ...(Number.isInteger(pages) && pages > 0 ? { pages } : {}),
    ...($('theme').value ? { theme: $('theme').value } : {}),
    marking: $('marking').value,
    recipient: $('recipient').value,
    ...($('lang').value ? { lang: $('lang').value } : {}),
    // Drafts attach the DOCX (and the PDF): only the request for every file asks for them.
    ...($('email-draft').checked ? { email: { to: $('email-to').value, attachPdf: $('email-pdf').checked } } : {}),
  };
}

/**
 * Asks for the pages first (the PDF of the document shown: one layout), then for every file the
 * downloads offer; a later change of an option makes both answers stale, and they are dropped.
 */
let inFlight;
async function preview() {
  const asked = ++state.asked;
  // The server skips what it has not begun of an earlier preview: the newest options go first.
  inFlight?.abort();
  const aborter = (inFlight = new AbortController());
  if (!state.info) return;
  if (ticked('document').length === 0) {
    setStatus('Pick at least one document.');
    return;
  }
  setStatus('Making the pages…');
  // Links to an earlier render would download what the options no longer say.
  $('downloads').replaceChildren();
  document.body.setAttribute('aria-busy', 'true');
  const pack = `/api/packs/${encodeURIComponent(state.pack)}/preview`;
  try {
    const started = performance.now();
    const { email, ...pages } = options();
    const quick = await api(pack, { ...pages, documents: [$('shown').value], formats: ['pdf'] }, aborter.signal);
    if (asked !== state.asked) return;
    state.render = quick.render;
    state.files = quick.files;
    showProblem(null);
    showWarnings(quick);
    await showPages();
    if (asked !== state.asked) return;
    const pdf = shownPdf();
    const shown = `${pdf ? `${pdf.file}: ${pdf.pages} page${pdf.pages === 1 ? '' : 's'}, ` : ''}made in ${Math.round(performance.now() - started)} ms.`;
    setStatus(`${shown} Preparing the downloads…`);
    const result = await api(pack, options(), aborter.signal);
    if (asked !== state.asked) return;
    state.render = result.render;
    state.files = result.files;
    showDownloads();
    showWarnings(result);
    setStatus(`${shown} Downloads ready.`);
  } catch (error) {
    if (asked !== state.asked) return;
    showProblem(error);
    // A problem in a file names it; one in the options (a mistyped topic, an address) names none.
    const inFile = error.info?.location?.file || error.info?.details?.some((d) => d.location?.file);
    setStatus(inFile ? 'The pack could not be made: see the problem below. The page updates when the file is fixed.' : 'These options cannot be used: see the problem below.');
  } finally {
    if (asked === state.asked) document.body.removeAttribute('aria-busy');
  }
}

const shownPdf = () => state.files.find((f) => f.document === $('shown').value && f.format === 'pdf');
const fileUrl = (name) => `/api/renders/${encodeURIComponent(state.render)}/files/${encodeURIComponent(name)}`;

function showDownloads() {
  $('downloads').replaceChildren();
  if (!state.render) return;
  const links = [];
  const shown = $('shown').value;
  for (const f of state.files.filter((x) => x.document === shown)) {
    const what = f.format === 'eml' ? 'the email draft (EML)' : f.format.toUpperCase();
    links.push(el('a', { href: fileUrl(f.file), download: f.file, class: 'download', 'data-format': f.format, text: `Download ${what}` }));
  }
  links.push(el('a', { href: `/api/renders/${encodeURIComponent(state.render)}/zip`, download: `${state.pack}.zip`, class: 'download', 'data-format': 'zip', text: 'Download the whole pack (zip)' }));
  $('downloads').replaceChildren(...links);
}

function showWarnings(result) {
  const lines = new Set([...result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message), ...result.files.flatMap((f) => f.warnings)]);
  $('warnings').replaceChildren(...[...lines].map((w) => el('li', { text: w })));
}

/** The pages a reader sees first: drawn before the view changes, the others after it. */
const FIRST_PAGES = 2;

/**
 * Shows the pages of the shown document: resolves once the first of them are drawn and in view,
 * and draws the rest into their places after (pdf.js drawing every page first kept the old pages
 * on screen several times as long as the server took to make the new ones). A newer preview
 * stops the drawing.
 */
async function showPages() {
  const pdf = shownPdf();
  const view = $('pages-view');
  if (!pdf) {
    view.replaceChildren();
    return;
  }
  const asked = state.asked;
  const doc = await pdfjs.getDocument({ url: fileUrl(pdf.file), isEvalSupported: false, worker: pdfWorker() }).promise;
  const width = Math.min(view.clientWidth || 700, 900);
  const ratio = window.devicePixelRatio || 1;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: (width / base.width) * ratio });
    const canvas = el('canvas', { class: 'page', role: 'img', 'aria-label': `Page ${n} of ${doc.numPages} of ${pdf.file}`, width: Math.floor(viewport.width), height: Math.floor(viewport.height) });
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    pages.push({ page, viewport, canvas });
  }
  const draw = ({ page, viewport, canvas }) => page.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
  for (const shown of pages.slice(0, FIRST_PAGES)) await draw(shown);
  if (asked !== state.asked) return void doc.destroy();
  view.replaceChildren(...pages.map((p) => p.canvas));
  view.dataset.file = pdf.file;
  view.dataset.pages = String(doc.numPages);
  (async () => {
    for (const later of pages.slice(FIRST_PAGES)) {
      if (asked !== state.asked) break;
      await draw(later);
    }
  })()
    .catch((error) => console.warn('A page could not be drawn:', error))
    .finally(() => doc.destroy());
}

let timer;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(preview, 250);
}

form.addEventListener('submit', (event) => event.preventDefault());
form.addEventListener('change', async (event) => {
  if (event.target.id === 'pack') {
    state.pack = event.target.value;
    state.info = null;
    await start();
    return;
  }
  if (event.target.name === 'document') fillShown();
  soon();
});
form.addEventListener('input', (event) => {
  if (event.target.id === 'recipient') fillShown();
  // The To: line matters only to a draft that is asked for.
  if (event.target.id === 'email-to' && !$('email-draft').checked) return;
  if (event.target.type === 'text' || event.target.type === 'number') soon();
});

$('write').addEventListener('click', async () => {
  setStatus('Writing to the output folder…');
  try {
    const result = await api(`/api/packs/${encodeURIComponent(state.pack)}/write`, options());
    showProblem(null);
    setStatus(`Wrote ${result.written.length} files to ${result.out}.`);
  } catch (error) {
    showProblem(error);
    setStatus('Nothing was written: see the problem below.');
  }
});

async function start() {
  try {
    await loadPack();
    showProblem(null);
    await preview();
  } catch (error) {
    // A preview begun before the file broke would end by saying the pages are ready.
    state.asked++;
    inFlight?.abort();
    document.body.removeAttribute('aria-busy');
    showProblem(error);
    setStatus('The pack could not be read: see the problem below. The page updates when the file is fixed.');
  }
}

async function init() {
  const { packs } = await api('/api/packs');
  fillSelect($('pack'), packs.map((p) => [p.id, p.id]), packs[0]?.id);
  state.pack = $('pack').value;
  await start();
  const events = new EventSource('/api/events');
  events.addEventListener('changed', () => start());
}

init().catch((error) => {
  showProblem(error);
  setStatus('The server could not be reached.');
});
