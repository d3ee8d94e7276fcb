// Certa browser journey: log in, choose and switch tenant, invite a member,
// check the skip link, log out. Run as `node tests/browser/journey.mjs` with
// BASE_URL, EMAIL, PASSWORD, TENANT_A_NAME, TENANT_B_NAME, INVITEE_EMAIL
// (and optionally SCREENSHOT_DIR, CHROMIUM). Prints `journey ok` and exits 0,
// or names the failed step, saves SCREENSHOT_DIR/failure.png and exits 1.

import { chromium } from 'playwright-core';
import { pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 120_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'EMAIL', 'PASSWORD', 'TENANT_A_NAME', 'TENANT_B_NAME', 'INVITEE_EMAIL']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

let browser, page, current = 'launch browser';
const serverErrors = [];

const { atPath, h1Contains, statusContains, visible, named } = pageHelpers(() => page, WAIT_MS);
async function step(name, fn) { current = name; await fn(); }

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });

  await step('log in', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Email', { exact: true }).fill(env.EMAIL);
    // The address first; its sign-in (a password here) comes next.
    await named(page, 'button', 'Continue').click();
    await page.getByLabel('Password', { exact: true }).fill(env.PASSWORD);
    await named(page, 'button', 'Log in').click();
    await atPath('/tenants');
  });

  const chooseTenant = async (tenant) => {
    await visible(page.getByRole('heading', { level: 1, name: 'Choose a certification body', exact: true }));
    await named(page, 'button', tenant).click();
    await atPath('/');
    await h1Contains(tenant);
  };
  await step('choose tenant A', () => chooseTenant(env.TENANT_A_NAME));

  await step('dashboard navigation', async () => {
    const nav = named(page, 'navigation', 'Main');
    for (const link of ['Dashboard', 'Members', 'API tokens', 'Audit trail', 'Outbox']) {
      await visible(named(nav, 'link', link));
    }
    const href = await named(page, 'link', 'Switch certification body').first().getAttribute('href');
    if (new URL(href, page.url()).pathname !== '/tenants') throw new Error(`switch link points to ${href}, not /tenants`);
    await visible(named(page, 'button', 'Log out'));
  });

  await step('switch to tenant B', async () => {
    await named(page, 'link', 'Switch certification body').first().click();
    await atPath('/tenants');
    await chooseTenant(env.TENANT_B_NAME);
  });

  await step('open members page', async () => {
    await named(named(page, 'navigation', 'Main'), 'link', 'Members').click();
    await visible(page.getByRole('heading', { level: 1, name: 'Members', exact: true }));
  });

  await step('skip link is first in focus order', async () => {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el?.tagName, text: el?.textContent.trim(), href: el?.getAttribute('href') };
    });
    if (focused.tag !== 'A' || focused.text !== 'Skip to main content') {
      throw new Error(`first Tab focused ${JSON.stringify(focused)}, expected the "Skip to main content" link`);
    }
    if (focused.href !== '#main') throw new Error(`skip link href is ${focused.href}, expected #main`);
    if ((await page.locator('main#main').count()) !== 1) throw new Error('no main#main element');
  });

  await step('invite a member', async () => {
    const form = named(page, 'form', 'Invite a member');
    await form.getByLabel('Email', { exact: true }).fill(env.INVITEE_EMAIL);
    await named(form, 'checkbox', 'auditor').check();
    await named(form, 'button', 'Send invitation').click();
    await statusContains(`Invitation sent to ${env.INVITEE_EMAIL}`);
    const table = named(page, 'table', 'Pending invitations');
    await visible(table.getByRole('row').filter({ hasText: env.INVITEE_EMAIL }));
  });

  await step('log out', async () => {
    await named(page, 'button', 'Log out').click();
    await atPath('/login');
    await statusContains('You have been logged out.');
  });

  await step('session is gone', async () => {
    await page.goto(`${base}/`);
    await atPath('/login');
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors },
}));
