#!/usr/bin/env node
// Runs the browser suite against a running server and ends with one summary line:
//   N passed, N failed[, N skipped]
// Exits non-zero when anything failed or when no test ran.
// Usage (from anywhere): BASE_URL=http://127.0.0.1:3300 node end2end/run.mjs [playwright args…]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const baseURL = (process.env.BASE_URL ?? 'http://127.0.0.1:3300').replace(/\/+$/, '');
const resultsFile = path.join(here, 'artifacts', 'results.json');
const playwrightBin = path.join(repoRoot, 'node_modules', '.bin', 'playwright');

function finish(passed, failed, skipped, code) {
  let line = `${passed} passed, ${failed} failed`;
  if (skipped > 0) line += `, ${skipped} skipped`;
  console.log(line);
  process.exit(code);
}

async function waitForHealth(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return true;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`${baseURL}/healthz did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
  return false;
}

if (!existsSync(playwrightBin)) {
  console.error(`Playwright is not installed (${playwrightBin} is missing); run npm ci first.`);
  finish(0, 0, 0, 1);
}

if (!(await waitForHealth(60_000))) finish(0, 0, 0, 1);

rmSync(resultsFile, { force: true });

const child = spawn(
  playwrightBin,
  ['test', '-c', path.join('end2end', 'playwright.config.mjs'), ...process.argv.slice(2)],
  { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, BASE_URL: baseURL } },
);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => child.kill(sig));
}
const exitCode = await new Promise((resolve) => {
  child.on('error', (e) => {
    console.error(`could not start Playwright: ${e.message}`);
    resolve(1);
  });
  child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

if (!existsSync(resultsFile)) {
  console.error(`No results at ${resultsFile} (Playwright exited with ${exitCode}).`);
  finish(0, 0, 0, 1);
}

let report;
try {
  report = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch (e) {
  console.error(`Unreadable ${resultsFile}: ${e.message}`);
  finish(0, 0, 0, 1);
}

const stats = report.stats ?? {};
const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
const failed = stats.unexpected ?? 0;
const skipped = stats.skipped ?? 0;
const globalErrors = report.errors ?? [];
for (const e of globalErrors) {
  console.error(`Error outside any test: ${e.message ?? JSON.stringify(e)}`);
}

const ok = failed === 0 && passed > 0 && globalErrors.length === 0 && exitCode === 0;
if (passed + failed === 0) console.error('No test ran.');
finish(passed, failed, skipped, ok ? 0 : 1);
