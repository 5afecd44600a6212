// A pinned Lighthouse mobile run (Lighthouse 12.8.2, its default phone: Moto G Power, slow 4G
// and a 4× slower CPU, simulated) on an applicant's first pages: the public home `/` and, signed
// in as the demo applicant, `/requests/new`. Prints the performance and accessibility scores, the
// timings they come from, and any accessibility audit that failed. Used by `make bench`
// (scripts/bench.sh installs this folder's pinned packages on first use).
//
//   BASE_URL=http://127.0.0.1:3000 node tools/lighthouse/run.mjs
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';

async function signIn() {
  const res = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ identifier: '0499370899', password: 'poshtiban-demo' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.includes('=')) throw new Error(`the demo applicant could not sign in (${res.status})`);
  return cookie;
}

const ms = (audit) => (audit && typeof audit.numericValue === 'number' ? `${Math.round(audit.numericValue)} ms` : '–');

async function run(chrome, path, headers) {
  const result = await lighthouse(`${base}${path}`, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
    extraHeaders: headers,
  });
  const { categories, audits } = result.lhr;
  const score = (c) => Math.round((categories[c]?.score ?? 0) * 100);
  console.log(`${path}: performance ${score('performance')}, accessibility ${score('accessibility')}`);
  console.log(
    `    first contentful paint ${ms(audits['first-contentful-paint'])}, largest contentful paint ` +
      `${ms(audits['largest-contentful-paint'])}, total blocking time ${ms(audits['total-blocking-time'])}, ` +
      `speed index ${ms(audits['speed-index'])}, time to interactive ${ms(audits.interactive)}, ` +
      `layout shift ${(audits['cumulative-layout-shift']?.numericValue ?? 0).toFixed(3)}`,
  );
  const failed = (categories.accessibility?.auditRefs ?? [])
    .map((r) => audits[r.id])
    .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary');
  for (const a of failed) console.log(`    accessibility: ${a.id}: ${a.title}`);
  return { path, performance: score('performance'), accessibility: score('accessibility') };
}

const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const cookie = await signIn();
  const rows = [await run(chrome, '/'), await run(chrome, '/requests/new', { Cookie: cookie })];
  for (const r of rows) {
    const ok = r.performance >= 90 && r.accessibility === 100;
    console.log(`${r.path}: ${ok ? 'within' : 'OUTSIDE'} the budget (performance ≥ 90, accessibility 100)`);
  }
} finally {
  await chrome.kill();
}
