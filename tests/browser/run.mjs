// What every journey shares: its ending (run under a watchdog, print `journey ok` or name
// the failed step with the page's URL, what went wrong on the wire and a screenshot, close
// the browser, set the exit code) and its bounded waits and accessible-name lookups.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// axe-core's accessibility rules on `page`: any violation fails the journey, naming `what`
// (the journeys' contexts bypass the page's Content-Security-Policy only so that axe's
// script can be added).
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export async function axeCheck(page, what) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  if (found.length) throw new Error(`accessibility violations on ${what}: ${found.join('; ')}`);
}

// At a phone's width (375 px) `page` does not scroll sideways (wide tables scroll in their
// own box) and passes axe (`check(what)`), then goes back to a desktop width (1366 px).
export async function fitsAPhone(page, what, check) {
  await page.setViewportSize({ width: 375, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 375) {
    const culprits = await page.evaluate(() => [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 376 && !e.closest('.table-scroll'))
      .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', '));
    throw new Error(`${what} is ${wide} px wide at 375 px (${culprits})`);
  }
  await check(`${what} at 375 px`);
  await page.setViewportSize({ width: 1366, height: 800 });
}

// `journey`: the async steps. `state()`: the journey's current `step` name, `page`,
// `browser` and `problems` (label → list of messages) at the moment it is asked.
export async function runJourney(journey, totalMs, shotDir, state) {
  const watchdog = setTimeout(() => {
    console.error(`journey FAILED at step "${state().step}": whole journey exceeded ${totalMs} ms`);
    process.exit(1);
  }, totalMs);
  try {
    await journey();
    console.log('journey ok');
    process.exitCode = 0;
  } catch (err) {
    const { step, page, problems } = state();
    const lines = String(err?.message ?? err).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
    const waitingFor = lines.slice(1).find((l) => l.includes('waiting for'))?.trim().replace(/^- /, '');
    console.error(`journey FAILED at step "${step}": ${lines[0]}${waitingFor ? ` (${waitingFor})` : ''}`);
    if (page) console.error(`  page URL: ${page.url()}`);
    for (const [label, list] of Object.entries(problems ?? {})) {
      if (list.length) console.error(`  ${label}: ${list.join('; ')}`);
    }
    if (shotDir && page) {
      try {
        mkdirSync(shotDir, { recursive: true });
        await page.screenshot({ path: join(shotDir, 'failure.png'), fullPage: true, timeout: 5_000 });
        console.error(`  screenshot: ${join(shotDir, 'failure.png')}`);
      } catch (e) { console.error(`  (no screenshot: ${e.message.split('\n')[0]})`); }
    }
    process.exitCode = 1;
  } finally {
    await state().browser?.close().catch(() => {});
    clearTimeout(watchdog);
  }
}

// Waiting and finding on the journey's current page (`currentPage()`), each wait bounded by
// `waitMs`: polling with a deadline, never a fixed sleep.
export function pageHelpers(currentPage, waitMs) {
  // Wait until `check` returns true (polling), or fail with `what`.
  async function until(what, check) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try { if (await check()) return; } catch { /* page may be navigating */ }
      if (Date.now() > deadline) throw new Error(`timed out after ${waitMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const path = () => new URL(currentPage().url()).pathname;
  const roleContains = (role, text) => until(`role=${role} containing "${text}"`, async () =>
    (await currentPage().getByRole(role).allTextContents()).some((t) => t.replace(/\s+/g, ' ').includes(text)));
  return {
    until,
    roleContains,
    atPath: (p) => until(`URL path ${p}`, () => path() === p),
    atPathMatching: (re) => until(`URL path matching ${re}`, () => re.test(path())),
    h1Contains: (text) => until(`h1 containing "${text}"`, async () =>
      (await currentPage().getByRole('heading', { level: 1 }).allTextContents()).some((t) => t.includes(text))),
    statusContains: (text) => roleContains('status', text),
    visible: (locator) => locator.first().waitFor({ state: 'visible' }),
    // Element of `role` whose accessible name is exactly `name`, inside `scope`.
    named: (scope, role, name) => scope.getByRole(role, { name, exact: true }),
    label: (scope, text) => scope.getByLabel(text, { exact: true }),
  };
}
