// Certa browser journey through a certification body's identity provider, and a second
// factor: the administrator connects the provider on the sign-in settings page (a wrong
// issuer first: the error shows at its field and the typed values stay), tests the
// connection, and turns on a TOTP second factor for their own account; a new auditor types
// their e-mail address on Certa's sign-in page, is sent to the provider, signs in there,
// comes back provisioned with the mapped role and sees the auditor's dashboard, opens the
// account security page, and signs out (at the provider too); the administrator signs in
// again with their password and a code from the authenticator.
// Run as `node tests/browser/sso.mjs` with BASE_URL, ADMIN_EMAIL, PASSWORD, ISSUER,
// CLIENT_ID, CLIENT_SECRET, DOMAIN, EMAIL (the auditor's address at the provider), LOGIN
// (its user name there), TENANT_NAME (optionally SCREENSHOT_DIR, CHROMIUM). Prints
// `journey ok`, or names the failed step, saves SCREENSHOT_DIR/failure.png and exits 1.
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';
import { axeCheck, pageHelpers, runJourney } from './run.mjs';

const WAIT_MS = 15_000; // bound for every single wait
const TOTAL_MS = 90_000; // bound for the whole journey

const env = {};
for (const k of ['BASE_URL', 'ADMIN_EMAIL', 'PASSWORD', 'ISSUER', 'CLIENT_ID', 'CLIENT_SECRET', 'DOMAIN', 'EMAIL', 'LOGIN', 'TENANT_NAME']) {
  env[k] = process.env[k];
  if (!env[k]) { console.error(`journey FAILED: environment variable ${k} is not set`); process.exit(1); }
}
const base = env.BASE_URL.replace(/\/+$/, '');
const shotDir = process.env.SCREENSHOT_DIR;

let browser, page, current = 'launch browser';
const serverErrors = [];

const { until, atPath, h1Contains, visible, named, label } = pageHelpers(() => page, WAIT_MS);
async function step(name, fn) { current = name; await fn(); }

const accessible = (what) => axeCheck(page, what);

// RFC 6238 (HMAC-SHA-1, 6 digits, 30 s) for the secret shown in base32.
function unbase32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0; let value = 0; const out = [];
  for (const ch of text.replace(/\s/g, '')) {
    value = (value << 5) | alphabet.indexOf(ch); bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 255); bits -= 8; value &= (1 << bits) - 1; }
  }
  return Buffer.from(out);
}
function totp(secret, offset) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offset));
  const h = createHmac('sha1', secret).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1_000_000;
  return String(n).padStart(6, '0');
}
async function shot(name) { if (shotDir) await page.screenshot({ path: `${shotDir}/${name}.png`, fullPage: true }); }
let secret;

async function passwordSignIn(email) {
  await page.goto(`${base}/login`);
  await label(page, 'Email').fill(email);
  await named(page, 'button', 'Continue').click();
  await label(page, 'Password').fill(env.PASSWORD);
  await named(page, 'button', 'Log in').click();
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

  await step('the administrator signs in with a password', async () => {
    await passwordSignIn(env.ADMIN_EMAIL);
    await atPath('/');
    await h1Contains(env.TENANT_NAME);
  });

  await step('a wrong issuer is refused at its field, with the typed values kept', async () => {
    await named(named(page, 'navigation', 'Main'), 'link', 'Settings').click();
    await named(page, 'link', 'sign-in settings').click();
    await atPath('/settings/sign-in');
    await accessible('the sign-in settings');
    await label(page, 'Members sign in through our identity provider').check();
    await label(page, 'Issuer').fill('http://idp.example');
    await label(page, 'Client id').fill(env.CLIENT_ID);
    await named(page, 'button', 'Save sign-in settings').click();
    await visible(page.locator('#issuer-err'));
    if (await label(page, 'Issuer').inputValue() !== 'http://idp.example') throw new Error('the issuer typed was lost');
    if (await label(page, 'Client id').inputValue() !== env.CLIENT_ID) throw new Error('the client id typed was lost');
    if (await label(page, 'Issuer').getAttribute('aria-invalid') !== 'true') throw new Error('the issuer is not marked invalid');
    await visible(page.getByRole('link', { name: /^Issuer: / }));
    await accessible('the sign-in settings with an error');
  });

  await step('the administrator connects the provider and tests it', async () => {
    await label(page, 'Issuer').fill(env.ISSUER);
    await label(page, 'Client secret').fill(env.CLIENT_SECRET);
    await label(page, 'Scopes besides openid').fill('email profile groups');
    await label(page, 'E-mail domains that sign in through the provider').fill(env.DOMAIN);
    await label(page, 'Role claim').fill('groups');
    await page.locator('#role_map').fill('certa-auditors = auditor');
    await label(page, 'Create accounts on first sign-in').check();
    await named(page, 'button', 'Save sign-in settings').click();
    await atPath('/settings/sign-in');
    await visible(page.getByText('The sign-in settings are saved.'));
    await named(page, 'button', 'Test connection').click();
    await visible(named(page, 'heading', 'Connection test: everything worked'));
    await shot('sign-in-settings');
    await accessible('the connection test');
  });

  await step('the administrator turns on a second factor', async () => {
    await named(named(page, 'navigation', 'Main'), 'link', 'Account security').click();
    await atPath('/account/security');
    await named(page, 'button', 'Set up a second factor').click();
    secret = unbase32(await page.locator('code.secret').innerText());
    await accessible('the second-factor enrolment');
    await label(page, 'Code from the app').fill(totp(secret, 0));
    await named(page, 'button', 'Turn on').click();
    const codes = named(page, 'list', 'Recovery codes').getByRole('listitem');
    await until('ten recovery codes', async () => (await codes.count()) === 10);
    await shot('recovery-codes');
    await named(page, 'button', 'Log out').click();
    await atPath('/login');
  });

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

  await step('at 375 px the sign-in pages do not scroll sideways', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/login', '/login/second-factor']) {
      await page.goto(`${base}${path}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (wide) throw new Error(`${path} scrolls sideways at 375 px`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await step('the administrator signs in with the password and a code', async () => {
    await passwordSignIn(env.ADMIN_EMAIL);
    await atPath('/login/second-factor');
    await accessible('the second-factor step');
    await label(page, 'Code').fill(totp(secret, 1));
    await named(page, 'button', 'Verify').click();
    await atPath('/');
    await h1Contains(env.TENANT_NAME);
    await named(named(page, 'navigation', 'Main'), 'link', 'Account security').click();
    await visible(named(page, 'table', 'Where you are signed in').getByRole('row').filter({ hasText: 'Password and authenticator code' }));
  });

  await step('at 375 px the security and sign-in settings pages do not scroll sideways', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/account/security', '/settings/sign-in']) {
      await page.goto(`${base}${path}`);
      await shot(`narrow${path.replaceAll('/', '-')}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      if (wide) throw new Error(`${path} scrolls sideways at 375 px`);
      await accessible(`${path} at 375 px`);
    }
  });
}

await runJourney(journey, TOTAL_MS, shotDir, () => ({
  step: current, page, browser, problems: { 'server errors': serverErrors },
}));
