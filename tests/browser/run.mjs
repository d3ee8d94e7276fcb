// The ending every journey shares: run it under a watchdog, print `journey ok` or name the
// failed step with the page's URL, what went wrong on the wire and a screenshot, then close
// the browser and set the exit code.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
