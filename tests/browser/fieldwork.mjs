// Certa browser journey of audit fieldwork: the lead auditor requests evidence on one
// checklist item and raises a minor nonconformity on another; the client user sees both
// in the portal, uploads the evidence (watching the progress bar complete) and answers
// the nonconformity; the auditor accepts the plan with a comment; the client reports it
// implemented and the auditor verifies it effective, which closes it.
// Run as `node tests/browser/fieldwork.mjs` with BASE_URL, AUDITOR_EMAIL, AUDITOR_PASSWORD,
// CLIENT_EMAIL, CLIENT_PASSWORD, CLIENT_NAME, EVIDENCE_REF, NC_REF, EVIDENCE_DUE,
// PLANNED_DATE (dates YYYY-MM-DD), EVIDENCE_FILE (path of the file to upload), UPLOAD_ROUTE
// (`direct`: to the signed address Certa hands out, `bucket`: to the S3 bucket's presigned
// address, or `stream`: through Certa; optionally SCREENSHOT_DIR, CHROMIUM, and CHROMIUM_ARGS,
// extra space-separated Chromium flags). Prints `journey ok` and exits 0, or names the failed step,
// saves SCREENSHOT_DIR/failure.png and exits 1.
import { basename } from 'node:path';
import { chromium } from 'playwright-core';
import { axeCheck, pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 120_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'AUDITOR_EMAIL', 'AUDITOR_PASSWORD', 'CLIENT_EMAIL', 'CLIENT_PASSWORD', 'CLIENT_NAME',
  'EVIDENCE_REF', 'NC_REF', 'EVIDENCE_DUE', 'PLANNED_DATE', 'EVIDENCE_FILE', 'UPLOAD_ROUTE']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;
const fileName = basename(env.EVIDENCE_FILE);

const STATEMENT = 'Requirements of interested parties not reviewed since the 2024 register';
const OBJECTIVE_EVIDENCE = 'Register of interested parties dated 2024-01-10; no later review record';
const CORRECTION = 'Register reviewed on the spot with the quality lead';
const ROOT_CAUSE = 'No owner for the register after the reorganisation';
const PLAN = 'Owner named; yearly review added to the management review agenda';
const REVIEW_COMMENT = 'Plan accepted; effectiveness verified at surveillance 1';
const IMPLEMENTATION = 'Owner named in the role list; review held and minuted on the management review';
const VERIFICATION_METHOD = 'document review of the minutes';

let browser, page, current = 'launch browser';
const serverErrors = [];
const failedRequests = [];

const { until, atPath, atPathMatching, h1Contains, statusContains, visible, named, label } = pageHelpers(() => page, WAIT_MS);
// The row of the table named `table` (inside `scope`) that contains `text`.
const row = (scope, table, text) => named(scope, 'table', table).getByRole('row').filter({ hasText: text });
const nav = (link) => named(named(page, 'navigation', 'Main'), 'link', link).click();
// The value of the fact `term` in the page's description list.
const fact = (term) => page.locator('dl.facts dt').filter({ hasText: new RegExp(`^${term}$`) })
  .locator('xpath=following-sibling::dd[1]');
const factIs = (term, value) => until(`fact "${term}" = "${value}"`, async () =>
  (await fact(term).textContent())?.replace(/\s+/g, ' ').trim() === value);

async function step(name, fn) { current = name; await fn(); }

// A fresh browser context (its own cookies) signed in as `email`; waits for `landing`.
async function logIn(email, password, landing) {
  if (page) await page.context().close();
  // Scripts injected by the accessibility check are allowed past the page's policy.
  const context = await browser.newContext({ bypassCSP: true });
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

// From anywhere: Applications → the client's programme → the stage 2 audit → its workspace.
async function openWorkspace() {
  await nav('Applications');
  await row(page, 'Applications', env.CLIENT_NAME).getByRole('link').first().click();
  await h1Contains(`Application of ${env.CLIENT_NAME}`);
  await row(page, 'Programme audits', 'stage 2').getByRole('link').first().click();
  await atPathMatching(/^\/audits\/[0-9a-f-]{36}$/);
  await named(page, 'link', 'Checklist and nonconformities').click();
  await atPathMatching(/^\/audits\/[0-9a-f-]{36}\/workspace$/);
  await h1Contains(`Checklist: stage 2 audit of ${env.CLIENT_NAME}`);
}

async function journey() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
      ...(process.env.CHROMIUM_ARGS || '').split(' ').filter(Boolean)],
  });
  const answers = () => named(page, 'form', 'Checklist answers');

  await step('the auditor logs in and opens the workspace', async () => {
    await logIn(env.AUDITOR_EMAIL, env.AUDITOR_PASSWORD, '/');
    await openWorkspace();
  });

  await step('the checklist reads by clause group and fits a phone', async () => {
    // Groups fold; the progress bar and the save button stay in view.
    const groups = await page.locator('details.ck-group > summary').allTextContents();
    if (!groups.some((g) => /^Clause 8 Operation/.test(g.trim()))) throw new Error(`groups ${JSON.stringify(groups)}`);
    await axeCheck(page, 'the checklist');
    await page.setViewportSize({ width: 375, height: 800 });
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)) {
      throw new Error('the checklist scrolls sideways at 375 px');
    }
    await axeCheck(page, 'the checklist at 375 px');
    if (shotDir) await page.screenshot({ path: `${shotDir}/checklist-375.png` });
    await page.evaluate(() => window.scrollTo(0, 3000));
    const bar = await page.locator('.ck-bar').boundingBox();
    if (!bar || bar.y > 1) throw new Error(`the progress bar scrolled away (${JSON.stringify(bar)})`);
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await step('request evidence from the client', async () => {
    const form = answers();
    await named(form, 'checkbox', `Evidence requested for ${env.EVIDENCE_REF}`).check();
    await label(form, `Due date for ${env.EVIDENCE_REF}`).fill(env.EVIDENCE_DUE);
    // What is typed and not saved is said, next to the save button.
    await until('the unsaved changes are announced', async () =>
      (await form.locator('.ck-dirty').textContent()) === 'Unsaved changes in 1 item');
    await named(form, 'button', 'Save answers').click();
    await statusContains('1 answer(s) saved');
    if (!(await named(answers(), 'checkbox', `Evidence requested for ${env.EVIDENCE_REF}`).isChecked())) {
      throw new Error('the evidence request is not kept');
    }
    const due = await label(answers(), `Due date for ${env.EVIDENCE_REF}`).inputValue();
    if (due !== env.EVIDENCE_DUE) throw new Error(`due date kept as ${due}, expected ${env.EVIDENCE_DUE}`);
  });

  await step('raise a minor nonconformity', async () => {
    await named(answers(), 'link', `Raise a nonconformity on ${env.NC_REF}`).click();
    await h1Contains(`Raise a nonconformity on ${env.NC_REF}`);
    const form = named(page, 'form', 'Raise a nonconformity');
    await named(named(form, 'group', 'Grade (ISO/IEC 17021-1 3.12, 3.13)'), 'radio', /^minor:/).check();
    await label(form, 'Clause or control').fill(env.NC_REF);
    await label(form, 'Statement of the nonconformity').fill(STATEMENT);
    await label(form, 'Objective evidence').fill(OBJECTIVE_EVIDENCE);
    await named(form, 'button', 'Raise the nonconformity').click();
    await atPathMatching(/^\/nonconformities\/[0-9a-f-]{36}$/);
    await statusContains('Nonconformity 1 raised; the client is told');
    await h1Contains(`Nonconformity 1 (minor), ${env.CLIENT_NAME}`);
    await factIs('Status', 'open');
    await factIs('Reference', env.NC_REF);
    await factIs('Statement', STATEMENT);
    await factIs('Objective evidence', OBJECTIVE_EVIDENCE);
  });

  await step('the client user logs in to the portal', async () => {
    await logIn(env.CLIENT_EMAIL, env.CLIENT_PASSWORD, '/portal');
    await h1Contains(`${env.CLIENT_NAME}: client portal`);
  });

  const request = () => page.getByRole('article').filter({
    has: page.getByRole('heading', { level: 3, name: new RegExp(`^${env.EVIDENCE_REF} .*\\(due ${env.EVIDENCE_DUE}\\)$`) }),
  });

  await step('the portal shows the evidence request and the nonconformity', async () => {
    await visible(request());
    await visible(named(row(page, 'Nonconformities', STATEMENT), 'link', 'Nonconformity 1'));
    const cells = await row(page, 'Nonconformities', STATEMENT).getByRole('cell').allTextContents();
    if (cells[1]?.trim() !== 'minor' || cells[3]?.trim() !== 'open') {
      throw new Error(`nonconformity row ${JSON.stringify(cells)}, expected a minor, open one`);
    }
  });

  await step('upload the evidence with a progress bar', async () => {
    const form = named(request(), 'form', `Upload evidence for ${env.EVIDENCE_REF}`);
    const bar = named(form, 'progressbar', 'Upload progress');
    if (await bar.isVisible()) throw new Error('the progress bar shows before an upload');
    await label(form, 'Title (optional)').fill('Review record of interested parties');
    await label(form, 'File (PDF, image, office document, text, CSV or ZIP)').setInputFiles(env.EVIDENCE_FILE);
    // Which way the bytes go: the requests the page makes while uploading.
    const sent = [];
    const onRequest = (r) => {
      const p = new URL(r.url()).pathname;
      if (r.method() !== 'GET' && (p.startsWith('/evidence/') || p.startsWith('/uploads/') || !r.url().startsWith(base))) {
        sent.push(`${r.method()} ${r.url().startsWith(base) ? p : 'elsewhere'}`);
      }
    };
    page.on('request', onRequest);
    // The script reloads the page shortly after it reports success: catch the finished
    // state on the next animation frame after the status changes.
    const finished = page.waitForFunction((name) => {
      const f = [...document.querySelectorAll('form.evidence-upload')].find((x) => x.getAttribute('aria-label') === name);
      const b = f?.querySelector('progress');
      const s = f?.querySelector('[role=status]')?.textContent ?? '';
      if (s.startsWith('Not uploaded')) return { failed: s };
      if (!b || b.hidden || !s.startsWith('Uploaded ')) return false;
      return { value: b.value, max: b.max, text: b.textContent, status: s };
    }, `Upload evidence for ${env.EVIDENCE_REF}`, { polling: 'raf', timeout: WAIT_MS });
    await named(form, 'button', `Upload evidence for ${env.EVIDENCE_REF}`).click();
    const seen = await (await finished).jsonValue();
    page.off('request', onRequest);
    if (seen.failed) throw new Error(seen.failed);
    // Direct: ask for the address, PUT the bytes there (Certa's signed address or the
    // bucket), ask Certa to check and complete. Stream: one POST through Certa.
    // `bucket`: direct, and the PUT goes to another origin (the S3 server).
    const direct = env.UPLOAD_ROUTE === 'direct' || env.UPLOAD_ROUTE === 'bucket';
    const expected = direct
      ? sent.length === 3 && sent[0] === 'POST /evidence/uploads' && sent[1].startsWith('PUT ')
        && (sent[1] === 'PUT elsewhere') === (env.UPLOAD_ROUTE === 'bucket')
        && /^POST \/evidence\/uploads\/[0-9a-f-]{36}\/complete$/.test(sent[2])
      : sent.length === 1 && sent[0] === 'POST /evidence/stream';
    if (!expected) throw new Error(`a ${env.UPLOAD_ROUTE} upload sent ${JSON.stringify(sent)}`);
    if (!(seen.max > 0 && seen.value === seen.max && seen.text === '100 %')) {
      throw new Error(`progress bar at ${seen.value} of ${seen.max} ("${seen.text}") when the upload finished`);
    }
    if (!seen.status.startsWith(`Uploaded ${fileName} (`) || !seen.status.endsWith('checked and kept.')) {
      throw new Error(`upload status "${seen.status}"`);
    }
    // After the reload the request lists the file.
    await visible(named(row(request(), 'Evidence', fileName), 'link', fileName));
    const cells = await row(request(), 'Evidence', fileName).getByRole('cell').allTextContents();
    if (!cells[0]?.includes('Review record of interested parties (version 1')) {
      throw new Error(`evidence row ${JSON.stringify(cells)}`);
    }
    // The outcome stays on screen across the reload, once.
    await until('the upload outcome after the reload', async () =>
      (await named(request(), 'form', `Upload evidence for ${env.EVIDENCE_REF}`).getByRole('status').textContent()) === seen.status);
  });

  await step('answer the nonconformity', async () => {
    await named(row(page, 'Nonconformities', STATEMENT), 'link', 'Nonconformity 1').click();
    await h1Contains(`Nonconformity 1 (minor), ${env.CLIENT_NAME}`);
    const form = named(page, 'form', 'Answer the nonconformity');
    await label(form, 'Correction (what was done at once)').fill(CORRECTION);
    await label(form, 'Root cause').fill(ROOT_CAUSE);
    await label(form, 'Corrective-action plan').fill(PLAN);
    await label(form, 'Planned completion date').fill(env.PLANNED_DATE);
    await named(form, 'button', 'Send the answer').click();
    await statusContains('Nonconformity 1 is now response submitted');
    await factIs('Status', 'response submitted');
    await factIs('Root cause', ROOT_CAUSE);
    if ((await named(page, 'form', 'Answer the nonconformity').count()) !== 0) throw new Error('the answer form is still offered');
    if ((await named(page, 'form', 'Review the plan').count()) !== 0) throw new Error('the client user is offered the review');
  });

  await step('the auditor logs in again and opens the nonconformity', async () => {
    await logIn(env.AUDITOR_EMAIL, env.AUDITOR_PASSWORD, '/');
    await openWorkspace();
    // The client's upload is listed with the audit's evidence.
    await visible(named(row(page, 'Evidence of this audit', fileName), 'link', fileName));
    const nc = row(page, 'Nonconformities', STATEMENT);
    const cells = await nc.getByRole('cell').allTextContents();
    if (cells[4]?.trim() !== 'response submitted') throw new Error(`nonconformity row ${JSON.stringify(cells)}`);
    await named(nc, 'link', 'Nonconformity 1').click();
    await h1Contains(`Nonconformity 1 (minor), ${env.CLIENT_NAME}`);
    await factIs('Corrective action', `${PLAN} (planned for ${env.PLANNED_DATE}, by Clara Client)`);
  });

  await step('accept the plan with a comment', async () => {
    const form = named(page, 'form', 'Review the plan');
    await label(form, 'Decision').selectOption({ label: 'accept the plan' });
    await label(form, 'Comment (required to reject)').fill(REVIEW_COMMENT);
    await named(form, 'button', 'Record the review').click();
    await statusContains('Nonconformity 1 is now plan accepted');
    await factIs('Status', 'plan accepted');
    await factIs('Review of the plan', REVIEW_COMMENT);
    if ((await named(page, 'form', 'Review the plan').count()) !== 0) throw new Error('the review form is still offered');
  });

  await step('the client reports the plan implemented', async () => {
    await logIn(env.CLIENT_EMAIL, env.CLIENT_PASSWORD, '/portal');
    await named(row(page, 'Nonconformities', STATEMENT), 'link', 'Nonconformity 1').click();
    await h1Contains(`Nonconformity 1 (minor), ${env.CLIENT_NAME}`);
    const form = named(page, 'form', 'Report the implementation');
    await label(form, 'What was implemented, and where the evidence is').fill(IMPLEMENTATION);
    await named(form, 'button', 'Report implemented').click();
    await statusContains('Nonconformity 1 is now implemented');
    await factIs('Status', 'implemented');
    if ((await named(page, 'form', 'Verify the corrective action').count()) !== 0) throw new Error('the client user is offered the verification');
  });

  await step('the auditor verifies the corrective action effective: closed', async () => {
    await logIn(env.AUDITOR_EMAIL, env.AUDITOR_PASSWORD, '/');
    await openWorkspace();
    await named(row(page, 'Nonconformities', STATEMENT), 'link', 'Nonconformity 1').click();
    await h1Contains(`Nonconformity 1 (minor), ${env.CLIENT_NAME}`);
    const form = named(page, 'form', 'Verify the corrective action');
    await label(form, 'Method (document review, on site, …)').fill(VERIFICATION_METHOD);
    await label(form, 'Effective?').selectOption({ label: 'effective: close it' });
    await named(form, 'button', 'Record the verification').click();
    await statusContains('Nonconformity 1 is now closed');
    await factIs('Status', 'closed');
    if ((await named(page, 'form', 'Verify the corrective action').count()) !== 0) throw new Error('the verification form is still offered');
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors, 'failed requests': failedRequests },
}));
