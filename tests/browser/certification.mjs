// Certa browser journey from the audit file to the certificate: the lead auditor submits
// the report with a recommendation; the reviewer returns it with a comment; the auditor
// answers and submits a new revision; the reviewer passes it and, as decision maker, grants
// certification; the certificate shows in the register; the client user finds it in the
// portal and downloads its PDF.
// Run as `node tests/browser/certification.mjs` with BASE_URL, LEAD_EMAIL, DECIDER_EMAIL,
// PASSWORD (both staff members'), CLIENT_EMAIL, CLIENT_PASSWORD, CLIENT_NAME (optionally
// SCREENSHOT_DIR, CHROMIUM). Prints `journey ok` and the certificate number
// (`certificate <number>`), or names the failed step, saves SCREENSHOT_DIR/failure.png and
// exits 1.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { axeCheck, fitsAPhone, pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 120_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'LEAD_EMAIL', 'DECIDER_EMAIL', 'PASSWORD', 'CLIENT_EMAIL', 'CLIENT_PASSWORD', 'CLIENT_NAME']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

const SUMMARY = 'The AI management system is effective; risks and impacts are assessed for every system in scope.';
const COMMENT = 'Attach the AI system impact assessment of the inspection robots.';
const RESPONSE = 'Impact assessment of 2026-11-20 attached to clause 6.1.4.';
const SOA = 'SoA v3, 2026-11-20';

let browser, page, current = 'launch browser';
const serverErrors = [];
const failedRequests = [];

const { until, atPath, atPathMatching, h1Contains, statusContains, visible, named, label } = pageHelpers(() => page, WAIT_MS);
const row = (scope, table, text) => named(scope, 'table', table).getByRole('row').filter({ hasText: text });
const nav = (link) => named(named(page, 'navigation', 'Main'), 'link', link).click();

async function step(name, fn) { current = name; await fn(); }

// axe-core's accessibility rules on the current page (see run.mjs).
const checked = [];
async function accessible(what) {
  await axeCheck(page, what);
  checked.push(what);
}

// A fresh browser context (its own cookies) signed in as `email`; waits for `landing`.
async function logIn(email, password, landing) {
  if (page) await page.context().close();
  const context = await browser.newContext({ acceptDownloads: true, bypassCSP: true });
  page = await context.newPage();
  page.setDefaultTimeout(WAIT_MS);
  page.setDefaultNavigationTimeout(WAIT_MS);
  page.on('response', (r) => { if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  page.on('requestfailed', (r) => failedRequests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(`${base}/login`);
  await label(page, 'Email').fill(email);
  // The address first; its sign-in (a password here) comes next.
  await named(page, 'button', 'Continue').click();
  await label(page, 'Password').fill(password);
  await named(page, 'button', 'Log in').click();
  await atPath(landing);
}

// The lead auditor, from anywhere: Applications → the programme → the stage 2 audit → its file.
async function openAuditFile() {
  await nav('Applications');
  await row(page, 'Applications', env.CLIENT_NAME).getByRole('link').first().click();
  await h1Contains(`Application of ${env.CLIENT_NAME}`);
  await row(page, 'Programme audits', 'stage 2').getByRole('link').first().click();
  await atPathMatching(/^\/audits\/[0-9a-f-]{36}$/);
  await named(page, 'link', 'Audit file, review and decision').click();
  await atPathMatching(/^\/audits\/[0-9a-f-]{36}\/file$/);
  await h1Contains(`Audit file: stage 2 audit of ${env.CLIENT_NAME}`);
}

// The reviewer, from anywhere: Decisions → the file waiting for the technical review.
async function openForReview() {
  await nav('Decisions');
  await h1Contains('Audit files waiting');
  await row(page, 'Audit files waiting for the technical review', env.CLIENT_NAME)
    .getByRole('link', { name: /^Review the file/ }).click();
  await atPathMatching(/^\/audits\/[0-9a-f-]{36}\/file$/);
}

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });

  await step('the lead auditor submits the report', async () => {
    await logIn(env.LEAD_EMAIL, env.PASSWORD, '/');
    await openAuditFile();
    await named(page, 'radio', 'Recommend certification').check();
    await accessible('the audit file with the submission form');
    await label(page, 'Summary of the conclusions').fill(SUMMARY);
    await named(page, 'button', 'Submit the report').click();
    await statusContains('Revision 1 of the report is submitted and locked');
    await named(page, 'heading', 'Revision 1: Waiting for technical review').waitFor();
  });

  await step('the reviewer returns the file with a comment', async () => {
    await logIn(env.DECIDER_EMAIL, env.PASSWORD, '/');
    await accessible('the work queue');
    await openForReview();
    await accessible('the audit file with the review form');
    await named(page, 'radio', 'Return it to the lead auditor').check();
    await label(page, 'Evidence').fill(COMMENT);
    await named(page, 'button', 'Record the review').click();
    await statusContains('returned to the lead auditor');
    await named(page, 'heading', 'Revision 1: Returned to the lead auditor').waitFor();
  });

  await step('the lead auditor answers and submits a new revision', async () => {
    await logIn(env.LEAD_EMAIL, env.PASSWORD, '/');
    await openAuditFile();
    await visible(row(page, 'Review comments on revision 1', 'Evidence').filter({ hasText: COMMENT }));
    // The new revision starts from the returned one.
    if (!(await named(page, 'radio', 'Recommend certification').isChecked())) throw new Error('the recommendation is not carried over');
    if ((await label(page, 'Summary of the conclusions').inputValue()) !== SUMMARY) throw new Error('the summary is not carried over');
    await label(page, 'Your answer to the review comments').fill(RESPONSE);
    await named(page, 'button', 'Submit the report').click();
    await statusContains('Revision 2 of the report is submitted and locked');
  });

  await step('the reviewer passes the file', async () => {
    await logIn(env.DECIDER_EMAIL, env.PASSWORD, '/');
    await openForReview();
    await until('the answer to the review shown', async () => (await page.content()).includes(RESPONSE));
    await named(page, 'radio', 'Pass the file to the certification decision').check();
    await named(page, 'button', 'Record the review').click();
    await statusContains('passed the technical review');
  });

  let number;
  await step('the decision maker grants certification', async () => {
    await named(page, 'link', 'Take the certification decision').click();
    await atPathMatching(/^\/programmes\/[0-9a-f-]{36}\/decide$/);
    await h1Contains(`Certification decision: ${env.CLIENT_NAME}`);
    const kind = await label(page, 'Decision').inputValue();
    if (kind !== 'grant') throw new Error(`the decision offered is ${kind}, expected grant`);
    // Without the confirmation the form comes back, with the SoA version kept.
    await label(page, 'Version of the Statement of Applicability the certificate refers to').fill(SOA);
    await named(page, 'button', 'Record the decision').click();
    await roleAlert('still correct');
    await accessible('the decision form with an error');
    const kept = await label(page, 'Version of the Statement of Applicability the certificate refers to').inputValue();
    if (kept !== SOA) throw new Error(`the SoA version came back as "${kept}"`);
    await page.getByLabel(/I confirm that the information in the application is still correct/).check();
    await named(page, 'button', 'Record the decision').click();
    await atPathMatching(/^\/certificates\/[0-9a-f-]{36}$/);
    await statusContains('Certification granted');
    const h1 = await page.getByRole('heading', { level: 1 }).textContent();
    await accessible('the certificate page');
    number = h1.replace(/^Certificate\s+/, '').replace(/\s*Active\s*$/, '').trim();
    if (!/\d{5}/.test(number)) throw new Error(`no certificate number in "${h1}"`);
  });

  await step('the certificate is in the register', async () => {
    await nav('Certificates');
    await h1Contains('Certificates');
    await visible(row(page, 'Certificates', number).filter({ hasText: env.CLIENT_NAME }).filter({ hasText: 'Active' }));
    await accessible('the certificate register');
    await narrow('the certificate register');
  });

  await step('the client finds it in the portal and downloads the PDF', async () => {
    await logIn(env.CLIENT_EMAIL, env.CLIENT_PASSWORD, '/portal');
    const line = row(page, 'Certificates', number);
    await visible(line);
    await accessible('the portal');
    await narrow('the portal');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      line.getByRole('link', { name: `PDF of certificate ${number}` }).click(),
    ]);
    const file = await download.path();
    const head = readFileSync(file).subarray(0, 5).toString('latin1');
    if (head !== '%PDF-') throw new Error(`the download is not a PDF (starts with ${JSON.stringify(head)})`);
    if (!download.suggestedFilename().endsWith('.pdf')) throw new Error(`file name ${download.suggestedFilename()}`);
  });

  if (serverErrors.length) throw new Error(`server errors: ${serverErrors.join('; ')}`);
  console.log(`certificate ${number}; accessible: ${checked.join(', ')}`);
}

// At a phone's width the page does not scroll sideways and stays accessible.
const narrow = (what) => fitsAPhone(page, what, accessible);

// An alert (the form's error summary) containing `text`.
async function roleAlert(text) {
  await until(`an alert containing "${text}"`, async () =>
    (await page.getByRole('alert').allTextContents()).some((t) => t.includes(text)));
}

runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser,
  problems: { 'server errors': serverErrors, 'failed requests': failedRequests },
}));
