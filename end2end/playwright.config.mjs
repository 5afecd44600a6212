// Browser end-to-end suite for Poshtiban. Run it with `node end2end/run.mjs` (see README.md).
// Chromium is Debian's (/usr/bin/chromium); Playwright's own browsers are never downloaded.
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const desktopViewport = { width: 1280, height: 800 };

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/test-results',
  // Two cores and one shared server: one story at a time, no retries hiding flakiness.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: './artifacts/results.json' }]],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3300',
    screenshot: 'on',
    trace: 'retain-on-failure',
    // Lets axe-core be injected under the app's Content-Security-Policy.
    bypassCSP: true,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: desktopViewport },
    },
    {
      name: 'phone',
      use: {
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      },
    },
    {
      name: 'nojs',
      use: { viewport: desktopViewport, javaScriptEnabled: false },
    },
  ],
});
