// Certa browser journey through a certification body's identity provider: a new auditor
// types their e-mail address on Certa's sign-in page, is sent to the provider, signs in
// there, comes back provisioned with the mapped role and sees the auditor's dashboard and
// navigation, opens the account security page, and signs out (at the provider too).
// Run as `node tests/browser/sso.mjs` with BASE_URL, EMAIL (the account's address at the
// provider), LOGIN (its user name there), TENANT_NAME (optionally SCREENSHOT_DIR,
// CHROMIUM). Prints `journey ok`, or names the failed step, saves
// SCREENSHOT_DIR/failure.png and exits 1.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 90_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'EMAIL', 'LOGIN', 'TENANT_NAME']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

let browser, page, current = 'launch browser';
const serverErrors = [];

const { until, atPath, h1Contains, visible, named, label } = pageHelpers(() => page, WAIT_MS);
async function step(name, fn) { current = name; await fn(); }

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
async function accessible(what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  if (found.length) throw new Error(`accessibility violations on ${what}: ${found.join('; ')}`);
}

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ bypassCSP: true });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });

  await step('the sign-in page asks for the e-mail address', async () => {
    await page.goto(`${base}/login`);
    await accessible('the sign-in page');
    await label(page, 'Email').fill(env.EMAIL);
    await named(page, 'button', 'Continue').click();
  });

  await step('the provider signs the auditor in', async () => {
    await until('the provider\'s sign-in page', () => !page.url().startsWith(base));
    await label(page, 'Username').fill(env.LOGIN);
    await named(page, 'button', 'Sign in').click();
  });

  await step('back in Certa on the auditor dashboard', async () => {
    await atPath('/');
    await h1Contains(env.TENANT_NAME);
    await visible(page.getByText('with the role(s) auditor'));
    // Auditors manage nothing: no outbox or API tokens of the body in their navigation.
    const navigation = named(page, 'navigation', 'Main');
    if (await named(navigation, 'link', 'Outbox').count()) throw new Error('an auditor sees the outbox');
    await accessible('the dashboard');
  });

  await step('account security shows the session signed in with single sign-on', async () => {
    await named(named(page, 'navigation', 'Main'), 'link', 'Account security').click();
    await atPath('/account/security');
    await visible(named(page, 'table', 'Where you are signed in').getByRole('row').filter({ hasText: 'Single sign-on' }));
    await accessible('the account security page');
  });

  await step('signing out ends the session at the provider too', async () => {
    await named(page, 'button', 'Log out').click();
    await until('the provider\'s sign-out page', () => !page.url().startsWith(base));
    await named(page, 'button', 'Sign out').click();
    await atPath('/login');
    await page.goto(`${base}/`);
    await atPath('/login');
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors },
}));
