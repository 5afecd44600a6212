// Measures a first visit with an empty cache, as an applicant on a phone would make it:
// the public home page, then the signed-in applicant's home (/requests). Prints requests and
// bytes on the wire (compressed), by kind. Used by `make bench`.
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
  await measure(browser, '/requests', [{ name, value, domain: url.hostname, path: '/' }]);
} finally {
  await browser.close();
}
