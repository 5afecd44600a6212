// Measures a first visit with an empty cache, as an applicant on a phone would make it:
// the public home page, then the signed-in applicant's home (/requests). Prints requests and
// bytes on the wire (compressed), by kind. Then the same first visits (and a new request's
// page) under Chromium's throttling, slow 4G and a 4× slower CPU: first paint, largest paint
// and time to interactive (the WASM instantiated and the page hydrated). Used by `make bench`.
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function waitForServer() {
  for (let i = 0; i < 120; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no server at ${base}`);
}

async function measure(browser, path, cookies) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  const rows = [];
  page.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) rows.push({ url: req.url(), kind: req.resourceType(), bytes: sizes.responseBodySize + sizes.responseHeadersSize });
  });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  await context.close();
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  const byKind = {};
  for (const r of rows) byKind[r.kind] = (byKind[r.kind] ?? 0) + r.bytes;
  console.log(`${path}: ${rows.length} requests, ${(total / 1024).toFixed(1)} KB on the wire`);
  for (const [k, v] of Object.entries(byKind)) console.log(`    ${k.padEnd(12)} ${(v / 1024).toFixed(1)} KB`);
}

// Chromium DevTools' "Slow 4G" preset: 562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };

// Marks the moment the page can be used with its script: the bootstrap calls `hydrate()` in
// the microtask that follows the WASM's instantiation, so the task after it sees a hydrated page.
function markInteractive() {
  globalThis.__paints = {};
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) globalThis.__paints.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const wa = globalThis.WebAssembly;
  const mark = (p) =>
    p.then((r) => {
      setTimeout(() => { globalThis.__paints.interactive = performance.now(); }, 0);
      return r;
    });
  const streaming = wa.instantiateStreaming;
  const plain = wa.instantiate;
  if (streaming) wa.instantiateStreaming = (...a) => mark(streaming.apply(wa, a));
  wa.instantiate = (...a) => mark(plain.apply(wa, a));
}

async function throttled(browser, path, cookies) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  if (cookies) await context.addCookies(cookies);
  const page = await context.newPage();
  await page.addInitScript(markInteractive);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(base + path, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForFunction(() => globalThis.__paints.interactive, null, { timeout: 120_000 });
  const t = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0,
    lcp: globalThis.__paints.lcp ?? 0,
    interactive: globalThis.__paints.interactive,
  }));
  await context.close();
  return t;
}

// The median of three runs: the machine is shared, a single run says little.
async function throttledMedian(browser, path, cookies) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await throttled(browser, path, cookies));
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `    ${path}: first paint ${s(median('fcp'))}, largest paint ${s(median('lcp'))}, ` +
      `interactive ${s(median('interactive'))}`,
  );
}

await waitForServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args });
try {
  await measure(browser, '/');
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ identifier: '0499370899', password: 'poshtiban-demo' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const [name, value] = cookie.split('=');
  const url = new URL(base);
  const cookies = [{ name, value, domain: url.hostname, path: '/' }];
  await measure(browser, '/requests', cookies);
  console.log('throttled (slow 4G, 4× CPU, empty cache; the median of three runs):');
  for (const [path, c] of [['/', null], ['/requests', cookies], ['/requests/new', cookies]]) {
    await throttledMedian(browser, path, c);
  }
} finally {
  await browser.close();
}
