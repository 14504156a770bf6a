// `briefpack serve` in a real browser: Debian's Chromium driven by playwright-core (nothing is
// downloaded). A user picks a topic, sees the pages change, mistypes a topic and reads the
// did-you-mean, breaks a pack file and sees where, fixes it, and downloads the PDF and DOCX, then
// the documents in another language with an email draft, which are read back. axe-core checks the page. Fails, not skips, when Chromium is missing.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedEnv } from '../../src/env.js';
import { startServer, type Running } from '../../src/serve/index.js';
import { runCli } from '../cli/in-process.js';
import { readDocx, textOf } from '../helpers/docx.js';
import { pageTexts } from '../helpers/pdf.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('briefpack serve in Chromium', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  let folder: string;
  const errors: string[] = [];
  // pdf.js's workers the page started.
  let workers = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).`);
    const work = mkdtempSync(join(tmpdir(), 'briefpack-browser-'));
    folder = join(work, 'harbour-board');
    cpSync('tests/fixtures/packs/harbour-board', folder, { recursive: true });
    running = await startServer({ packs: [{ folder, out: join(work, 'out') }], watchData: folder, env: fixedEnv(new Date(0)), port: 0, log: () => undefined });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    // axe-core is put into the page by the test; the page's own policy allows only its own scripts.
    const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('worker', () => workers++);
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (400|422)/.test(m.text())) errors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const pagesShown = () => page.locator('#pages-view canvas');
  const shownFile = () => page.locator('#pages-view').getAttribute('data-file');

  it('shows the pages of the first document, with no serious accessibility issue', async () => {
    await page.goto(running.url);
    await expect.poll(async () => pagesShown().count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('is used with the keyboard alone, with the focus visible', async () => {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { id: el.id, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused.id).toBe('pack');
    expect(focused.outline).not.toBe('none');
    expect(focused.width).not.toBe('0px');
  });

  it('updates the pages when a topic is chosen', async () => {
    const before = await shownFile();
    await page.getByLabel(/Tarifs portuaires/).check();
    await expect.poll(shownFile, { timeout: 60_000 }).toContain('tarifs');
    expect(before).not.toContain('tarifs');
    await expect.poll(async () => pagesShown().count()).toBeGreaterThan(0);
  });

  it('draws every page, the first ones before it shows them, with one pdf.js worker for every preview', async () => {
    await page.getByLabel(/Tarifs portuaires/).uncheck();
    await expect.poll(shownFile, { timeout: 60_000 }).not.toContain('tarifs');
    // Each canvas has ink once drawn: the pages after the first two are drawn after they are shown.
    const inked = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLCanvasElement>('#pages-view canvas')).map((canvas) => {
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) return true;
          return false;
        }),
      );
    await expect.poll(async () => (await inked()).length).toBeGreaterThan(2);
    await expect.poll(async () => (await inked()).every(Boolean), { timeout: 30_000 }).toBe(true);
    // The topic chosen again, as the tests after this one expect it.
    await page.getByLabel(/Tarifs portuaires/).check();
    await expect.poll(shownFile, { timeout: 60_000 }).toContain('tarifs');
    expect(workers).toBe(1);
  });

  it('answers a mistyped topic with did-you-mean, and recovers when it is corrected', async () => {
    await page.getByLabel('Other topics, by name or alias').fill('dragag');
    await expect.poll(() => page.locator('#problem').textContent(), { timeout: 60_000 }).toContain("Did you mean 'dragage'?");
    // The options are at fault, not a file: the page does not wait for a file to be fixed.
    expect(await page.locator('#status').textContent()).toBe('These options cannot be used: see the problem below.');
    // The guess is among titles and aliases too.
    await page.getByLabel('Other topics, by name or alias').fill('chenl');
    await expect.poll(() => page.locator('#problem').textContent(), { timeout: 60_000 }).toContain("Did you mean 'chenal'?");
    // An alias is a name too.
    await page.getByLabel('Other topics, by name or alias').fill('chenal');
    await expect.poll(() => page.locator('#problem').textContent(), { timeout: 60_000 }).toBe('');
  });

  it('shows a broken pack file with file, line and field, and updates by itself when it is fixed', async () => {
    const file = join(folder, 'items.yaml');
    const good = readFileSync(file, 'utf8');
    const fixed = good.replace('Le chenal reste ouvert', 'Le chenal reste grand ouvert');
    writeFileSync(file, good.replace('priority: high', 'priority: urgent'));
    const problem = page.locator('#problem');
    try {
      await expect.poll(() => problem.textContent(), { timeout: 60_000 }).toContain('urgent');
      expect(await page.locator('#status').textContent()).toContain('The page updates when the file is fixed.');
      const text = (await problem.textContent()) ?? '';
      expect(text).toMatch(/items\.yaml:\d+/);
      expect(text).toContain('priority');
    } finally {
      // The later tests need the pack whole, whatever happened here.
      writeFileSync(file, fixed);
    }
    await expect.poll(() => problem.textContent(), { timeout: 60_000 }).toBe('');
    await expect.poll(async () => pagesShown().count(), { timeout: 60_000 }).toBeGreaterThan(0);
  });

  it('keeps saying the file is broken when a preview begun before the break answers late', async () => {
    const file = join(folder, 'items.yaml');
    const good = readFileSync(file, 'utf8');
    // Every status and problem the page shows from here on, in order.
    await page.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { seen: string[] }).seen = seen;
      const note = () => seen.push(`${document.getElementById('problem')?.textContent ? 'problem' : 'clear'}|${document.getElementById('status')?.textContent}`);
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    // The preview's answers are held back until the file is broken: a preview in flight then.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let answered: () => void = () => undefined;
    const made = new Promise<void>((resolve) => (answered = resolve));
    await page.route('**/preview', async (route) => {
      const response = await route.fetch();
      answered();
      await held;
      await route.fulfill({ response });
    });
    await page.getByLabel('Other topics, by name or alias').fill('chenal, ');
    // Made by the server from the whole file, and not yet seen by the page.
    await made;
    writeFileSync(file, good.replace('priority: high', 'priority: urgent'));
    try {
      await expect.poll(() => page.locator('#problem').textContent(), { timeout: 60_000 }).toContain('urgent');
      release();
      // Long enough for the held answers and anything they would start.
      await page.waitForTimeout(1500);
      const seen = await page.evaluate(() => (globalThis as unknown as { seen: string[] }).seen);
      const broken = seen.findIndex((s) => s.startsWith('problem'));
      expect(broken).toBeGreaterThanOrEqual(0);
      expect(seen.slice(broken).filter((s) => !s.includes('The page updates when the file is fixed.'))).toEqual([]);
    } finally {
      release();
      await page.unroute('**/preview');
      writeFileSync(file, good);
    }
    await expect.poll(() => page.locator('#problem').textContent(), { timeout: 60_000 }).toBe('');
    await page.getByLabel('Other topics, by name or alias').fill('chenal');
    await expect.poll(async () => pagesShown().count(), { timeout: 60_000 }).toBeGreaterThan(0);
  });

  it('shows only public documents for a recipient, as --for makes them, and all again without one', async () => {
    const shown = page.getByLabel('Show the pages of');
    await page.getByLabel('Recipient').fill('Port de Brest');
    await expect.poll(async () => shown.locator('option').allTextContents()).toEqual(['Non-papier']);
    await expect.poll(shownFile, { timeout: 60_000 }).toContain('Port-de-Brest');
    expect(await page.locator('#problem').textContent()).toBe('');
    await page.getByLabel('Recipient').fill('');
    await expect.poll(async () => shown.locator('option').count()).toBeGreaterThan(1);
  });

  it('downloads the PDF and the DOCX of the document shown, with the chosen topic and the change in them', async () => {
    await page.getByLabel('Show the pages of').selectOption('handout');
    await expect.poll(shownFile, { timeout: 60_000 }).toContain('handout');
    const download = async (name: RegExp) => {
      const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
      return { name: file.suggestedFilename(), bytes: new Uint8Array(readFileSync((await file.path())!)) };
    };
    const pdf = await download(/^Download PDF$/);
    expect(pdf.name).toMatch(/^handout-tarifs.*\.pdf$/);
    const text = (await pageTexts(pdf.bytes)).join(' ');
    expect(text).toContain('Tarifs portuaires');
    expect(text).toContain('grand ouvert');
    const docx = await download(/^Download DOCX$/);
    expect(docx.name).toMatch(/^handout-tarifs.*\.docx$/);
    const word = textOf((await readDocx(docx.bytes)).xml('word/document.xml'));
    expect(word).toContain('Tarifs portuaires');
    expect(word).toContain('grand ouvert');
    expect(errors).toEqual([]);
  });

  it('makes the documents in another language and an email draft of the one shown, with its files attached', async () => {
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await expect.poll(shownFile, { timeout: 60_000 }).toMatch(/^handout-tarifs.*-en\.pdf$/);
    await page.getByLabel('Make an email draft with the DOCX attached').check();
    await page.getByLabel('To', { exact: true }).fill('desk@example.org');
    await page.getByLabel('Attach the PDF too').check();
    const link = page.getByRole('link', { name: 'Download the email draft (EML)' });
    await expect.poll(() => link.count(), { timeout: 60_000 }).toBe(1);
    const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(file.suggestedFilename()).toMatch(/^handout-tarifs.*-en\.eml$/);
    const mail = await simpleParser(readFileSync((await file.path())!));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('desk@example.org');
    expect(mail.attachments.map((a) => a.filename?.replace(/.*\./, ''))).toEqual(['docx', 'pdf']);
    const pdf = mail.attachments.find((a) => a.filename?.endsWith('.pdf'))!;
    // The bundled document's own words in English; the pack (in French) gives its text in French only.
    expect((await pageTexts(new Uint8Array(pdf.content))).join(' ')).toContain('Non-paper');
    expect(errors).toEqual([]);
  });
});

describe('briefpack serve in Chromium, on a pack `briefpack init` made', () => {
  it('shows its first document and offers its downloads', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH).`);
    const work = mkdtempSync(join(tmpdir(), 'briefpack-browser-init-'));
    const folder = join(work, 'my-meeting');
    expect((await runCli(['init', folder])).status).toBe(0);
    const running = await startServer({ packs: [{ folder, out: join(work, 'out') }], live: false, env: fixedEnv(new Date(0)), port: 0, log: () => undefined });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(running.url);
      await expect.poll(async () => page.locator('#pages-view canvas').count(), { timeout: 60_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator('#downloads a').count(), { timeout: 60_000 }).toBe(3);
      expect(await page.locator('#problem').textContent()).toBe('');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await running.close();
    }
  });
});
