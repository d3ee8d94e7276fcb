// Certa browser journey of a programme manager: register a client with a site and a
// contact, record an expert's conflict of interest with it, register and accept its
// application, see that the cycle waits for the certification decision, schedule the stage 1 audit, see a team
// with the conflicted expert refused with its reason, propose a clean team and confirm it.
// Run as `node tests/browser/scheduling.mjs` with BASE_URL, EMAIL, PASSWORD, TENANT_NAME,
// LEAD_NAME, EXPERT_NAME, CLIENT_NAME, CLIENT_REFERENCE, CONTACT_EMAIL, AUDIT_FROM,
// AUDIT_TO, DECISION_DATE, CONFLICT_ENDED_ON (dates YYYY-MM-DD; optionally SCREENSHOT_DIR,
// CHROMIUM). Prints `journey ok` and exits 0, or names the failed step, saves
// SCREENSHOT_DIR/failure.png and exits 1.

import { chromium } from 'playwright-core';
import { axeCheck, pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 120_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'EMAIL', 'PASSWORD', 'TENANT_NAME', 'LEAD_NAME', 'EXPERT_NAME', 'CLIENT_NAME',
  'CLIENT_REFERENCE', 'CONTACT_EMAIL', 'AUDIT_FROM', 'AUDIT_TO', 'DECISION_DATE', 'CONFLICT_ENDED_ON']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

let browser, page, current = 'launch browser';
const serverErrors = [];

const { until, atPath, atPathMatching, h1Contains, roleContains, statusContains, visible, named, label } = pageHelpers(() => page, WAIT_MS);
// The row of the table named `table` that contains `text`.
const row = (table, text) => named(page, 'table', table).getByRole('row').filter({ hasText: text });
const nav = (link) => named(named(page, 'navigation', 'Main'), 'link', link).click();

// Two days as the pages write them: "7–8 Dec 2026", "30 Nov – 2 Dec 2026".
function humanDays(from, to) {
  const d = (s) => new Date(`${s}T00:00:00Z`);
  const [a, b] = [d(from), d(to)];
  const part = (x, o) => x.toLocaleDateString('en-GB', { timeZone: 'UTC', ...o });
  const full = (x) => part(x, { day: 'numeric', month: 'short', year: 'numeric' }).replace('Sept', 'Sep');
  if (from === to) return full(a);
  if (a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth()) return `${a.getUTCDate()}–${full(b)}`;
  if (a.getUTCFullYear() === b.getUTCFullYear()) return `${part(a, { day: 'numeric', month: 'short' }).replace('Sept', 'Sep')} – ${full(b)}`;
  return `${full(a)} – ${full(b)}`;
}

async function step(name, fn) { current = name; await fn(); }

const accessible = (what) => axeCheck(page, what);

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  // axe-core is injected as a script: the page's Content-Security-Policy is bypassed for it.
  page = await (await browser.newContext({ bypassCSP: true })).newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  const client = env.CLIENT_NAME;
  const clientOption = `${client} (${env.CLIENT_REFERENCE})`;
  let applicationPath;

  await step('log in', async () => {
    await page.goto(`${base}/login`);
    await label(page, 'Email').fill(env.EMAIL);
    // The address first; its sign-in (a password here) comes next.
    await named(page, 'button', 'Continue').click();
    await label(page, 'Password').fill(env.PASSWORD);
    await named(page, 'button', 'Log in').click();
    // The only certification body of this user is entered directly.
    await atPath('/');
    await h1Contains(env.TENANT_NAME);
    // The programme manager's dashboard: the planning queue and, with no audit yet, a
    // sentence where the chart of audits per month will be; accessible and without
    // sideways scrolling at 375 px.
    await visible(page.getByText('No audits were held or are planned in these months.'));
    await accessible('the dashboard');
    await page.setViewportSize({ width: 375, height: 800 });
    await accessible('the dashboard at 375 px');
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) throw new Error('the dashboard scrolls sideways at 375 px');
    if (shotDir) await page.screenshot({ path: `${shotDir}/dashboard-programme-manager-375.png`, fullPage: true });
    await page.setViewportSize({ width: 1366, height: 900 });
    if (shotDir) await page.screenshot({ path: `${shotDir}/dashboard-programme-manager-1366.png`, fullPage: true });
  });

  await step('register the client', async () => {
    await nav('Clients');
    await visible(page.getByRole('heading', { level: 1, name: 'Clients', exact: true }));
    let form = named(page, 'form', 'Register a client');
    await label(form, 'Legal name').fill(client);
    await label(form, 'Reference (optional; generated when empty)').fill(env.CLIENT_REFERENCE);
    // A website that is not an address first: the form comes back with what was typed and
    // the problem at its field, linked from the summary.
    await label(form, 'Website (optional)').fill('nordlicht dot example');
    await named(form, 'button', 'Register client').click();
    await atPath('/clients');
    form = named(page, 'form', 'Register a client');
    const problem = form.getByRole('alert');
    await visible(problem);
    if (!(await problem.textContent()).includes('Website must be an address')) throw new Error(`summary: ${await problem.textContent()}`);
    if ((await label(form, 'Legal name').inputValue()) !== client) throw new Error('the legal name typed was lost');
    const website = label(form, 'Website (optional)');
    if ((await website.getAttribute('aria-invalid')) !== 'true') throw new Error('the website is not marked as refused');
    if (!(await website.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby').split(' ')[0])?.textContent))?.includes('must be an address')) {
      throw new Error('the refused website is not described by its problem');
    }
    await accessible('the refused client form');
    await page.setViewportSize({ width: 375, height: 800 });
    await accessible('the refused client form at 375 px');
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) throw new Error('the page scrolls sideways at 375 px');
    await page.setViewportSize({ width: 1366, height: 900 });
    await problem.getByRole('link', { name: /Website/ }).click();
    await website.fill('');
    await named(form, 'button', 'Register client').click();
    await atPathMatching(/^\/clients\/[0-9a-f-]{36}$/);
    await statusContains(`Client ${client} registered as ${env.CLIENT_REFERENCE}`);
    await h1Contains(client);
  });

  await step('add a site', async () => {
    const form = named(page, 'form', 'Add a site');
    await label(form, 'Site name').fill('Head office');
    await label(form, 'City').fill('Bremen');
    await label(form, 'Country (ISO 3166 two letters)').fill('DE');
    await label(form, 'Kind').selectOption('permanent');
    await label(form, 'Headcount').fill('40');
    await named(form, 'checkbox', 'Hosts the central function (IAF MD 1)').check();
    await named(form, 'button', 'Add site').click();
    await statusContains('Site Head office added');
    await visible(row('Sites', 'Head office').filter({ hasText: 'Bremen, DE' }));
  });

  await step('add a contact who receives mail', async () => {
    const form = named(page, 'form', 'Add a contact');
    await label(form, 'Name').fill('Quality Lead');
    await label(form, 'Email').fill(env.CONTACT_EMAIL);
    await label(form, 'Role (optional)').fill('quality manager');
    const mail = named(form, 'checkbox', "Receives Certa's mails about this client");
    if (!(await mail.isChecked())) throw new Error('a new contact should receive mail by default');
    await named(form, 'button', 'Add contact').click();
    await statusContains('Contact Quality Lead added');
    const contact = row('Contacts', env.CONTACT_EMAIL);
    await visible(contact);
    const cells = await contact.getByRole('cell').allTextContents();
    if (cells[4]?.trim() !== 'yes') throw new Error(`contact row ${JSON.stringify(cells)} does not receive mail`);
  });

  await step("record the expert's conflict of interest", async () => {
    await nav('Auditors');
    await named(named(page, 'table', 'Auditors'), 'link', env.EXPERT_NAME).click();
    await h1Contains(env.EXPERT_NAME);
    const form = named(page, 'form', 'Declare a conflict of interest');
    await label(form, 'Client').selectOption({ label: clientOption });
    await label(form, 'Kind').selectOption('consultancy');
    await label(form, 'Ended on (empty while ongoing)').fill(env.CONFLICT_ENDED_ON);
    await label(form, 'Note').fill('Implemented the management system');
    await named(form, 'button', 'Declare').click();
    await statusContains('Conflict of interest recorded');
    await visible(row('Conflicts of interest', client).filter({ hasText: env.CONFLICT_ENDED_ON }));
  });

  await step('register an application', async () => {
    await nav('Clients');
    await named(named(page, 'table', 'Clients'), 'link', client).click();
    await h1Contains(client);
    const form = named(page, 'form', 'Register an application');
    await named(named(form, 'group', 'Standards'), 'checkbox', 'ISO/IEC 42001:2023').check();
    await label(form, 'Scope applied for').fill('Design and operation of AI inspection robots');
    // Prefilled from the sites' headcount.
    const headcount = await label(form, 'Effective personnel').inputValue();
    if (headcount !== '40') throw new Error(`effective personnel prefilled with ${headcount}, expected 40`);
    await named(form, 'button', 'Register application').click();
    await atPathMatching(/^\/applications\/[0-9a-f-]{36}$/);
    await statusContains('Application registered; it waits for review');
    await h1Contains(`Application of ${client}`);
    applicationPath = new URL(page.url()).pathname;
  });

  await step('accept the application', async () => {
    const form = named(page, 'form', 'Accept the application');
    await label(form, 'Competences the audit team and the decision need').fill('AIMS lead auditor; robotics (IAF 33)');
    await named(form, 'button', 'Accept and create the programme').click();
    await statusContains('Application accepted; the programme is created and the client informed');
    for (const kind of ['stage 1', 'stage 2']) await visible(row('Programme audits', kind));
  });

  await step('see that the cycle follows the certification decision', async () => {
    await page.getByText('set by the decision to grant or renew certification').first().waitFor({ timeout: WAIT_MS });
  });

  await step('schedule the stage 1 audit', async () => {
    const form = named(page, 'form', 'Schedule the stage 1 audit');
    await label(form, 'From').fill(env.AUDIT_FROM);
    await label(form, 'To').fill(env.AUDIT_TO);
    await label(form, 'Technical areas').fill('IAF 33');
    await named(form, 'button', 'Schedule the stage 1 audit').click();
    await atPathMatching(/^\/audits\/[0-9a-f-]{36}$/);
    await statusContains('Audit scheduled; propose its team');
    await h1Contains(`Stage 1 audit of ${client}`);
    // The dates as people write them, under the heading, with the status as a chip.
    const when = (await page.locator('.record-when').textContent()).trim();
    if (when !== humanDays(env.AUDIT_FROM, env.AUDIT_TO)) throw new Error(`dates shown as "${when}"`);
    await visible(page.locator('.record-head .chip', { hasText: 'planned' }));
    if (!(await page.getByRole('definition').allTextContents()).includes(client)) {
      throw new Error(`the audit page does not name the client ${client}`);
    }
  });

  const proposeRow = async (form, n, person, role, days) => {
    await label(form, `Person ${n}`).selectOption(person === null ? '' : { label: person });
    if (role) await label(form, `Role ${n}`).selectOption({ label: role });
    if (days) await label(form, `Days ${n}`).fill(days);
  };

  await step('propose a team with the conflicted expert', async () => {
    const form = named(page, 'form', 'Propose the team');
    await proposeRow(form, 1, env.LEAD_NAME, 'lead', '1.5');
    await proposeRow(form, 2, env.EXPERT_NAME, 'technical expert', '1');
    await named(form, 'button', 'Propose and check the team').click();
    await statusContains('Team proposed with 1 finding(s); see below');
    await roleContains('alert', `Blocking: ${env.EXPERT_NAME}: consultancy for this client ended on ${env.CONFLICT_ENDED_ON}, `
      + 'less than two years before the audit');
    const alert = (await page.getByRole('alert').allTextContents()).join(' ');
    if (alert.includes(env.LEAD_NAME)) throw new Error(`the lead is refused too: ${alert.replace(/\s+/g, ' ')}`);
    // Confirming now needs a justification.
    await visible(label(named(page, 'form', 'Confirm the team'),
      'Override justification (required to confirm over blocking findings; kept in the audit trail)'));
  });

  await step('propose a clean team', async () => {
    const form = named(page, 'form', 'Propose the team');
    await proposeRow(form, 2, null);
    await named(form, 'button', 'Propose and check the team').click();
    await statusContains('Team proposed; all checks pass');
    await statusContains('All team checks pass: competence, lead qualification, impartiality, availability.');
    if ((await page.getByRole('alert').count()) !== 0) throw new Error('findings are still shown');
    const members = await named(page, 'table', 'Team').getByRole('row').filter({ has: page.getByRole('cell') }).allTextContents();
    if (members.length !== 1 || !members[0].includes(env.LEAD_NAME) || !members[0].includes('lead')) {
      throw new Error(`team is ${JSON.stringify(members)}, expected only ${env.LEAD_NAME} as lead`);
    }
  });

  await step('confirm the team', async () => {
    const form = named(page, 'form', 'Confirm the team');
    if ((await form.getByRole('textbox').count()) !== 0) throw new Error('an override is asked for a clean team');
    // The client may still object: the page warns, and the confirmation says it knows.
    await visible(form.getByText('The client may still object to a team member until'));
    await label(form, "Confirm before the client's objection deadline").check();
    await named(form, 'button', 'Confirm the team').click();
    await statusContains('Team confirmed');
    await until('status "confirmed" in the facts', async () =>
      (await page.getByRole('definition').allTextContents()).includes('confirmed'));
    if ((await named(page, 'form', 'Propose the team').count()) !== 0) throw new Error('a confirmed team can still be changed');
  });

  await step('the programme shows the confirmed audit', async () => {
    await named(page, 'link', `Programme of ${client}`).click();
    await atPath(applicationPath);
    await h1Contains(`Application of ${client}`);
    await visible(named(row('Programme audits', 'stage 1'), 'link', `${env.AUDIT_FROM} – ${env.AUDIT_TO}, confirmed`));
  });

  await step('the dashboard charts the planned audit', async () => {
    await page.goto(`${base}/`);
    await visible(page.getByRole('img', { name: 'Audits per month' }));
    await accessible('the dashboard with its chart');
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors },
}));
