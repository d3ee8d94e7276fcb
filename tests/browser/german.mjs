// Certa in German: a browser that asks for German gets the sign-in page in German; the
// admin turns the body's language to German on the settings page; then every page of the
// navigation speaks German (no English navigation or headings left), passes axe, and does
// not scroll sideways at a phone's width (375 px), where German's longer words would show
// it first. Screenshots of the German dashboard at 1366 and 375 px go to SCREENSHOT_DIR.
// Run with BASE_URL, EMAIL, PASSWORD, TENANT_NAME (and optionally SCREENSHOT_DIR, CHROMIUM).

import { chromium } from 'playwright-core';
import { axeCheck, fitsAPhone, pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000;
const TOTAL_MS = 240_000;

const env = {};
for (const k of ['BASE_URL', 'EMAIL', 'PASSWORD', 'TENANT_NAME']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

let browser, page, current = 'launch browser';
const serverErrors = [];
const { atPath, visible, named, statusContains } = pageHelpers(() => page, WAIT_MS);
async function step(name, fn) { current = name; await fn(); }

// English words of the frame that a German page must not show.
const ENGLISH = ['Skip to main content', 'Log out', 'Dashboard', 'Switch certification body', 'Account security'];

async function german(what) {
  const lang = await page.locator('html').getAttribute('lang');
  if (lang !== 'de') throw new Error(`${what}: <html lang="${lang}">, expected de`);
  const text = await page.evaluate(() => document.body.innerText);
  const left = ENGLISH.filter((w) => text.includes(w));
  if (left.length) throw new Error(`${what} still shows English: ${left.join(', ')}`);
}

const phone = (what) => fitsAPhone(page, what, (w) => axeCheck(page, w));

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true, viewport: { width: 1366, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });

  await step('the sign-in page follows the browser', async () => {
    await page.goto(`${base}/login`);
    await visible(page.getByRole('heading', { level: 1, name: 'Bei Certa anmelden', exact: true }));
    await german('the sign-in page');
    await axeCheck(page, 'the German sign-in page');
  });

  await step('sign in', async () => {
    await page.getByLabel('E-Mail', { exact: true }).fill(env.EMAIL);
    await named(page, 'button', 'Weiter').click();
    await page.getByLabel('Passwort', { exact: true }).fill(env.PASSWORD);
    await named(page, 'button', 'Anmelden').click();
    // A member of one body lands on its dashboard; of several, chooses one first.
    await page.waitForURL((u) => ['/', '/tenants'].includes(new URL(u).pathname));
    if (new URL(page.url()).pathname === '/tenants') {
      await named(page, 'button', env.TENANT_NAME).click();
      await atPath('/');
    }
  });

  await step('the body chooses German', async () => {
    await page.goto(`${base}/settings`);
    const form = page.locator('form[action="/settings/language"]');
    await form.locator('select[name=language]').selectOption('de');
    await form.locator('button[type=submit]').click();
    await atPath('/settings');
    await statusContains('jetzt auf Deutsch');
    await german('the settings page');
  });

  await step('the German dashboard', async () => {
    await page.goto(`${base}/`);
    await visible(named(page, 'navigation', 'Hauptnavigation'));
    await german('the dashboard');
    await axeCheck(page, 'the German dashboard');
    if (shotDir) await page.screenshot({ path: `${shotDir}/dashboard-admin-de-1366.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    if (shotDir) await page.screenshot({ path: `${shotDir}/dashboard-admin-de-375.png`, fullPage: true });
    await phone('the German dashboard');
  });

  // Every page the navigation offers the admin.
  const links = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of [...new Set(links)].filter((h) => h && h.startsWith('/') && h !== '/api/docs')) {
    await step(`the German page ${href}`, async () => {
      await page.goto(`${base}${href}`);
      await german(href);
      await axeCheck(page, `the German page ${href}`);
      await phone(`the German page ${href}`);
    });
  }

  await step('a refused form speaks German at its field', async () => {
    await page.goto(`${base}/settings`);
    const form = page.locator('form[action="/settings/time-zone"]');
    await form.locator('input[name=time_zone]').fill('Mars/Olympus');
    await form.locator('button[type=submit]').click();
    await visible(page.getByText('Nichts wurde gespeichert', { exact: false }).first());
    const err = await page.locator('#tz-err').innerText();
    if (!err.includes('Zeitzone')) throw new Error(`the field's problem reads "${err}"`);
    if ((await page.locator('#tz').inputValue()) !== 'Mars/Olympus') throw new Error('the typed zone was lost');
    await axeCheck(page, 'the refused German form');
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors },
}));
