// Shared helpers for the browser suite: accessibility checks (axe-core), screenshots, the
// phone-layout check, hydration waiting, console capture and unique test identities.
import { test as base, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { randomInt } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const AXE_PATH = path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** The demo agent seeded with SEED_DEMO=true. */
export const DEMO_AGENT = { identifier: '0012345679', password: 'poshtiban-demo' };
export const DEMO_ADMIN = { identifier: '0034567895', password: 'poshtiban-demo' };

// ---------------------------------------------------------------------------------------------
// Project facts

export const jsEnabled = (testInfo) => testInfo.project.use.javaScriptEnabled !== false;
export const isPhone = (testInfo) => testInfo.project.use.isMobile === true;

/** Options for a context that is always a JavaScript-enabled desktop browser (the staff side). */
export function desktopContextOptions(testInfo) {
  const use = testInfo.project.use;
  return {
    baseURL: use.baseURL,
    locale: use.locale,
    timezoneId: use.timezoneId,
    bypassCSP: true,
    javaScriptEnabled: true,
    viewport: { width: 1280, height: 800 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Hydration: wasm-bindgen instantiates the module, then the bootstrap calls `hydrate()` in the
// same microtask chain. The init script marks the instantiation, so once a later task observes
// the mark, the page is hydrated and its forms are driven by the app, not by plain posts.

function markWasmInstantiation() {
  const wa = globalThis.WebAssembly;
  if (!wa || wa.__e2eWrapped) return;
  wa.__e2eWrapped = true;
  const mark = (p) =>
    p.then((r) => {
      globalThis.__e2eWasmReady = true;
      return r;
    });
  const streaming = wa.instantiateStreaming;
  const plain = wa.instantiate;
  if (streaming) wa.instantiateStreaming = (...a) => mark(streaming.apply(wa, a));
  wa.instantiate = (...a) => mark(plain.apply(wa, a));
  // Remember live streams, so a test can wait until the page listens for updates.
  const Native = globalThis.EventSource;
  if (Native) {
    globalThis.__e2eEventSources = [];
    globalThis.EventSource = class extends Native {
      constructor(...args) {
        super(...args);
        globalThis.__e2eEventSources.push(this);
      }
    };
  }
}

/**
 * Instruments a context: hydration marker, and console errors / uncaught exceptions recorded
 * per page in `problems` (each entry: {page, kind, text}).
 */
export async function instrumentContext(context, problems, label, { js = true } = {}) {
  context._e2eNoJs = !js;
  await context.addInitScript(markWasmInstantiation);
  const watch = (page) => {
    // Leaving a half-filled form asks first (beforeunload); the suite, like a person who means to
    // leave, says yes and counts the question. Any other dialog is dismissed, as by default.
    page.on('dialog', async (dialog) => {
      if (dialog.type() === 'beforeunload') {
        page.e2eLeavePrompts = (page.e2eLeavePrompts ?? 0) + 1;
        await dialog.accept().catch(() => {});
      } else {
        await dialog.dismiss().catch(() => {});
      }
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        problems.push({ context: label, url: page.url(), kind: 'console.error', text: msg.text() });
      }
    });
    page.on('pageerror', (err) => {
      problems.push({ context: label, url: page.url(), kind: 'pageerror', text: String(err?.stack ?? err) });
    });
    page.on('requestfailed', (req) => {
      const failure = req.failure()?.errorText ?? '';
      // Live streams are cut whenever a page is left or closed; that is not a failure.
      if (failure.includes('ERR_ABORTED')) return;
      // With JavaScript disabled Chromium refuses the module preload, reporting it as "csp".
      if (failure === 'csp' && /\.js(\?|$)/.test(req.url()) && context._e2eNoJs) return;
      problems.push({ context: label, url: page.url(), kind: 'requestfailed', text: `${req.url()} ${failure}` });
    });
    page.on('response', (res) => {
      if (res.status() >= 400 && !res.url().includes('/api/')) {
        problems.push({ context: label, url: page.url(), kind: `HTTP ${res.status()}`, text: res.url() });
      }
    });
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

/**
 * Clicks a form's submit button and checks who sent the form: the hydrated app (a `fetch` or, for
 * forms with files, an `xhr` to the server function) with JavaScript, the browser (a plain
 * `document` form post) without.
 */
export async function submitForm(page, button, endpoint, js) {
  const posted = page.waitForRequest(
    (r) => r.method() === 'POST' && new URL(r.url()).pathname === endpoint,
    { timeout: 15_000 },
  );
  await button.click();
  const request = await posted;
  // The app sends forms with files through XMLHttpRequest, whose upload reports progress.
  const expected = js ? ['fetch', 'xhr'] : ['document'];
  expect
    .soft(expected, js ? `the app itself sends ${endpoint} (hydrated form)` : `a plain form post to ${endpoint}`)
    .toContain(request.resourceType());
  return request;
}

/**
 * Closes the request on the page: «بستن درخواست» only asks; «بله، بسته شود» closes. Returns the
 * yes button's click (a submission), so a caller may wrap it in `submitForm`.
 */
export async function closeRequest(page) {
  await page.locator('summary', { hasText: 'بستن درخواست' }).click();
  const yes = page.getByRole('button', { name: 'بله، بسته شود' });
  await expect(yes, 'closing asks first').toBeVisible();
  await yes.click();
}

/** Signs in through the login form (with JavaScript). */
export async function signIn(page, testInfo, who) {
  await signInAs(page, testInfo, who, true);
}

/**
 * Signs in through the login form in the project's own browser (with or without JavaScript);
 * for the demo supervisor and admin, with the code of their authenticator as the second step.
 */
export async function signInAs(page, testInfo, who, js) {
  await page.goto('/login');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=password]').fill(who.password);
  await submitForm(page, page.getByRole('button', { name: 'ورود', exact: true }), '/api/login', js);
  await page.waitForURL((url) => url.pathname !== '/login');
  if (new URL(page.url()).pathname === '/login/2fa') {
    await expect(page.getByRole('heading', { level: 1, name: 'ورود دومرحله‌ای' })).toBeVisible();
    await waitHydrated(page, testInfo, { jsOverride: js });
    await page.locator('input[name=code]').fill(await secondFactorCode(who.identifier));
    await submitForm(page, page.getByRole('button', { name: 'ادامهٔ ورود', exact: true }), '/api/verify_second_factor', js);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }
  // The landing page is a full load: what comes next may rely on the app running there.
  await waitHydrated(page, testInfo, { jsOverride: js });
}

/** The demo supervisor's and admin's authenticator key (server::platform::seed::DEMO_TOTP_SECRET). */
const DEMO_TOTP_SECRET = 'POSHTIBANDEMOSTAFFSECRETKEYAAAAA';

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (SHA-1, six digits, 30-second steps) of `secret` for time step `step`. */
export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(n).padStart(6, '0');
}

/**
 * A code of the demo authenticator the server has not accepted yet (it accepts each once):
 * this step's or the next one's, or a fresh one after waiting.
 */
export async function secondFactorCode(loginKey) {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database (scripts/test.sh sets it)').toBeTruthy();
  for (;;) {
    const last = Number(execFileSync('sqlite3', [
      '-cmd', '.timeout 10000', database,
      `SELECT totp_last_step FROM users WHERE login_key = '${loginKey}';`,
    ]).toString().trim());
    const now = Math.floor(Date.now() / 1000);
    const step = Math.max(Math.floor(now / 30), last + 1);
    if (step <= Math.floor(now / 30) + 1) return totpCode(DEMO_TOTP_SECRET, step);
    await new Promise((resolve) => setTimeout(resolve, (31 - (now % 30)) * 1000));
  }
}

export async function chooseType(page, title) {
  const card = page.locator('li.type-item', { has: page.getByRole('heading', { name: title, exact: true }) });
  await expect(card, `a card for «${title}» in the type list`).toHaveCount(1);
  await card.getByRole('link').click();
  await page.waitForURL(/\/requests\/new\?type=\d+/);
  await expect(page.locator('input[name=subject]')).toBeVisible();
}

/** Waits until the page is hydrated (no-op without JavaScript). */
export async function waitHydrated(page, testInfo, { jsOverride } = {}) {
  const js = jsOverride ?? jsEnabled(testInfo);
  if (!js) return;
  await page.waitForFunction(() => globalThis.__e2eWasmReady === true, null, { timeout: 20_000 });
  // Let resources that resolve from the serialised SSR data settle.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
}

/**
 * Holds back the page's WASM until the returned function is called: the page is on screen and
 * usable (plain forms), but the app has not taken it over yet.
 */
export async function holdTheApp(page) {
  const held = [];
  await page.route('**/*.wasm', (route) => {
    held.push(route);
  });
  return async () => {
    for (const route of held.splice(0)) await route.continue();
    await page.unroute('**/*.wasm');
  };
}

/** `test` with the default page instrumented; console problems are attached to the report. */
export const test = base.extend({
  problems: async ({}, use, testInfo) => {
    const problems = [];
    await use(problems);
    if (problems.length) {
      await testInfo.attach('browser-console-and-network-problems.json', {
        body: JSON.stringify(problems, null, 2),
        contentType: 'application/json',
      });
    }
  },
  context: async ({ context, problems }, use, testInfo) => {
    await instrumentContext(context, problems, 'applicant', { js: jsEnabled(testInfo) });
    // Each test's applicant comes from an address of their own, as applicants do: the server
    // (behind a proxy in the suite: TRUST_PROXY_HEADERS) limits sign-ups and text messages per
    // address and hour, and the suite's many sign-ups from one machine would add up to them.
    await context.setExtraHTTPHeaders({ 'x-forwarded-for': uniqueAddress() });
    await use(context);
  },
});
export { expect };

/**
 * Fails (softly, so the story goes on and reports every page) when a page threw an uncaught
 * exception or a Rust panic reached the console.
 */
export function expectNoCrashes(problems) {
  const crashes = problems.filter(
    (p) => p.kind === 'pageerror' || /panicked|RuntimeError: unreachable/i.test(p.text),
  );
  expect
    .soft(crashes, `uncaught errors in the browser:\n${crashes.map((c) => `  [${c.context}] ${c.url}: ${c.text}`).join('\n')}`)
    .toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Accessibility

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${JSON.stringify(n.target)}${n.summary ? `\n        ${n.summary.replace(/\n/g, '\n        ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  - ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const results = await globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

/**
 * Runs axe-core on what the person sees now.
 *
 * Without JavaScript, axe cannot run in the page itself (its timers never fire there). The
 * page's current DOM is then re-served, at the same URL and with its <script> elements removed,
 * to a JavaScript-enabled page of the same size: same markup, same stylesheet and fonts from the
 * server, no hydration — exactly what the no-JavaScript person sees, now checkable.
 *
 * Violations fail the test softly (the story continues) with a readable list.
 */
export async function axeCheck(page, testInfo, label = '', { js = jsEnabled(testInfo) } = {}) {
  const url = page.url();
  const name = label || new URL(url).pathname;
  let violations;
  if (js) {
    violations = await runAxe(page);
  } else {
    const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
    const browser = page.context().browser();
    const context = await browser.newContext({
      ...desktopContextOptions(testInfo),
      viewport: page.viewportSize() ?? { width: 1280, height: 800 },
    });
    try {
      const mirror = await context.newPage();
      await mirror.route(
        (u) => u.href === url,
        (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      // Belt and braces: nothing of the app's code may run in the mirror.
      await mirror.route(/\.(js|wasm)(\?|$)/, (route) => route.abort());
      await mirror.route(/\/events(\?|$)/, (route) => route.abort());
      await mirror.goto(url, { waitUntil: 'load' });
      await mirror.evaluate(() => document.fonts.ready.then(() => undefined));
      violations = await runAxe(mirror);
    } finally {
      await context.close();
    }
  }
  await testInfo.attach(`axe ${name}.json`, {
    body: JSON.stringify({ url, violations }, null, 2),
    contentType: 'application/json',
  });
  expect
    .soft(violations.length, `axe-core found ${violations.length} accessibility violation(s) on ${url}:\n${formatViolations(violations)}`)
    .toBe(0);
  return violations;
}

// ---------------------------------------------------------------------------------------------
// Screenshots and layout

const shotCounters = new WeakMap();

/**
 * Saves a full-page screenshot as artifacts/test-results/<test>/<NN>-<name>.png (numbered in
 * story order) and attaches it to the test.
 */
export async function shot(page, testInfo, name) {
  const n = (shotCounters.get(testInfo) ?? 0) + 1;
  shotCounters.set(testInfo, n);
  const safe = name.replace(/[^\w.-]+/g, '-');
  const file = testInfo.outputPath(`${String(n).padStart(2, '0')}-${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return file;
}

/** On the phone project: the page must not scroll sideways. */
export async function expectNoHorizontalScroll(page, testInfo, label = '') {
  // page.evaluate runs through the DevTools protocol, so it works without JavaScript too.
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  const viewportWidth = page.viewportSize()?.width ?? m.innerWidth;
  const limit = Math.min(m.innerWidth, viewportWidth);
  let culprits = [];
  if (m.scrollWidth > limit) {
    culprits = await page.evaluate((limit) => {
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && (r.right > limit + 1 || r.left < -1)) {
          const id = el.id ? `#${el.id}` : '';
          const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
          out.push(`${el.tagName.toLowerCase()}${id}${cls} [${Math.round(r.left)}..${Math.round(r.right)}]`);
        }
        if (out.length >= 10) break;
      }
      return out;
    }, limit);
  }
  expect
    .soft(
      m.scrollWidth,
      `horizontal scrolling on ${label || page.url()}: scrollWidth ${m.scrollWidth} > ${limit} (innerWidth ${m.innerWidth}, viewport ${viewportWidth}); overflowing: ${culprits.join(', ')}`,
    )
    .toBeLessThanOrEqual(limit);
}

/**
 * On a phone every control a finger presses is at least 44 × 44 CSS pixels: buttons, fields,
 * menus, the links that stand alone as buttons or menu items, and the labels of check boxes and
 * radio buttons (the label is what a finger presses). Links inside running text are exempt, as
 * WCAG 2.5.8 exempts them.
 */
export async function expectTouchTargets(page, testInfo, label = '') {
  const small = await page.evaluate(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const controls = document.querySelectorAll(
      'button, select, textarea, summary, a.button, nav a, ' +
        'input:not([type=hidden]):not([type=radio]):not([type=checkbox]), label.choice, .checkbox label',
    );
    for (const el of controls) {
      if (!visible(el) || el.closest('.visually-hidden, .skip-link')) continue;
      const r = el.getBoundingClientRect();
      // A label counts with its box (the check box beside it is part of the target).
      const box = el.matches('.checkbox label') ? el.parentElement.getBoundingClientRect() : r;
      if (box.width < 43.5 || box.height < 43.5) {
        const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 30);
        out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} «${text}» ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return out;
  });
  expect.soft(small, `touch targets under 44 × 44 px on ${label || page.url()}`).toEqual([]);
}

/** Everything checked on each page of the story: layout (phone), accessibility, screenshot. */
export async function checkPage(page, testInfo, name, { axe = true, js = jsEnabled(testInfo), phone = isPhone(testInfo) } = {}) {
  if (phone) {
    await expectNoHorizontalScroll(page, testInfo, name);
    await expectTouchTargets(page, testInfo, name);
  }
  // A label points at one element: an id used twice leaves a field without its name.
  const duplicateIds = await page.evaluate(() => {
    const seen = new Map();
    for (const el of document.querySelectorAll('[id]')) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  expect.soft(duplicateIds, `ids used more than once on ${name}`).toEqual([]);
  if (axe) await axeCheck(page, testInfo, name, { js });
  return shot(page, testInfo, name);
}

// ---------------------------------------------------------------------------------------------
// Persian text

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
export const toPersianDigits = (s) => String(s).replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
export const fromPersianDigits = (s) => String(s).replace(/[۰-۹]/g, (d) => String(PERSIAN_DIGITS.indexOf(d)));

// ---------------------------------------------------------------------------------------------
// Unique identities: every run registers new applicants, so runs against the same database
// never collide.

const usedCodes = new Set();
const usedMobiles = new Set();
const RESERVED_CODES = new Set(['0499370899', '0790419904', '0012345679', '0023456787', '0034567895']);

/** The check digit of a کد ملی from its first nine digits. */
export function nationalCodeCheckDigit(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(nine[i]) * (10 - i);
  const r = sum % 11;
  return r < 2 ? r : 11 - r;
}

export function isValidNationalCode(code) {
  if (!/^\d{10}$/.test(code) || /^(\d)\1{9}$/.test(code)) return false;
  return nationalCodeCheckDigit(code.slice(0, 9)) === Number(code[9]);
}

/** A valid, never-before-used (in this process) Iranian national code. */
export function uniqueNationalCode() {
  for (;;) {
    // Leading digits 1-9 keep clear of the seeded demo codes, which start with 00/04/07.
    let nine = String(randomInt(1, 10));
    for (let i = 1; i < 9; i += 1) nine += String(randomInt(0, 10));
    const code = nine + String(nationalCodeCheckDigit(nine));
    if (/^(\d)\1{9}$/.test(code) || usedCodes.has(code) || RESERVED_CODES.has(code)) continue;
    usedCodes.add(code);
    return code;
  }
}

/** A unique mobile number `0912XXXXXXX` (never one of the demo accounts' 0912111000X). */
export function uniqueMobile() {
  for (;;) {
    let rest = '';
    for (let i = 0; i < 7; i += 1) rest += String(randomInt(0, 10));
    const mobile = `0912${rest}`;
    if (mobile.startsWith('0912111000') || usedMobiles.has(mobile)) continue;
    usedMobiles.add(mobile);
    return mobile;
  }
}

const FIRST_NAMES = ['سارا', 'محمد', 'فاطمه', 'امیرحسین', 'مریم', 'رضا', 'نیلوفر', 'حسن', 'الهام', 'مهدی'];
const LAST_NAMES = ['رحیمی', 'کاظمی', 'حسینی', 'جعفری', 'محمدی', 'نوری', 'قاسمی', 'صالحی', 'یزدانی', 'کریمی'];

export function persianName() {
  return `${FIRST_NAMES[randomInt(FIRST_NAMES.length)]} ${LAST_NAMES[randomInt(LAST_NAMES.length)]}`;
}

/** A short Persian tag (Persian digits) that makes a subject unique in the queue. */
export function uniqueTag() {
  return toPersianDigits(`${Date.now() % 1_000_000}${randomInt(100, 1000)}`);
}

/** A fresh applicant (student, identified by national code). */
/** An address from the private range 10.0.0.0/8, different each time. */
export function uniqueAddress() {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

export function newApplicant() {
  return {
    identifier: uniqueNationalCode(),
    fullName: persianName(),
    mobile: uniqueMobile(),
    password: `Ramz-${randomInt(1e6, 1e7)}-ok`,
  };
}

/**
 * The six-digit code of the newest text message to `mobile` (as people type it, 09…), read
 * from the server's database (scripts/test.sh names it in E2E_SQLITE): the suite's phone.
 */
export function lastSmsCode(mobile) {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database (scripts/test.sh sets it)').toBeTruthy();
  const canonical = `+98${fromPersianDigits(mobile).replace(/\D/g, '').replace(/^0/, '')}`;
  const body = execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', database,
    `SELECT body FROM outbox WHERE channel = 'sms' AND recipient = '${canonical}' ORDER BY id DESC LIMIT 1;`,
  ]).toString();
  const code = fromPersianDigits(body).match(/(?<!\d)(\d{6})(?!\d)/);
  expect(code, `a code in the message to ${canonical}: ${body}`).toBeTruthy();
  return code[1];
}

/** The six-digit code of the newest e-mail to `address`, from the server's database. */
export function lastMailCode(address) {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database').toBeTruthy();
  expect(address).toMatch(/^[a-z0-9.@-]+$/);
  const body = execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', database,
    `SELECT body FROM outbox WHERE channel = 'email' AND recipient = '${address}' ORDER BY id DESC LIMIT 1;`,
  ]).toString();
  const code = fromPersianDigits(body).match(/(?<!\d)(\d{6})(?!\d)/);
  expect(code, `a code in the mail to ${address}: ${body}`).toBeTruthy();
  return code[1];
}

/**
 * Registers `who` (a student, by national code) through the sign-up form and the code sent to
 * their mobile, in the project's own browser; ends signed in on «درخواست‌های من».
 */
export async function registerApplicant(page, testInfo, who, js = jsEnabled(testInfo)) {
  await page.goto('/register');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=full_name]').fill(who.fullName);
  await page.locator('input[name=mobile]').fill(who.mobile);
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('input[name=password_confirm]').fill(who.password);
  await submitForm(page, page.getByRole('button', { name: 'ادامه و دریافت کد تأیید', exact: true }), '/api/register', js);
  await expect(page).toHaveURL(/\/register\/verify$/);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=code]').fill(lastSmsCode(who.mobile));
  await submitForm(page, page.getByRole('button', { name: 'تأیید و ساخت حساب', exact: true }), '/api/confirm_registration', js);
  await expect(page).toHaveURL(/\/requests$/);
  await waitHydrated(page, testInfo, { jsOverride: js });
}

/**
 * An applicant whose account exists from before (written straight into the server's database,
 * with no password anyone knows and no text message sent to its mobile yet): for the pages a
 * person uses long after signing up, such as setting a forgotten password.
 */
export function existingApplicant() {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database').toBeTruthy();
  const who = newApplicant();
  const canonical = `+98${who.mobile.replace(/^0/, '')}`;
  const name = who.fullName.replace(/'/g, "''");
  execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', database,
    `INSERT INTO users (role, applicant_kind, id_kind, login_key, full_name, mobile, password_hash, active, created_at)
     VALUES ('applicant', 'student', 'national_code', '${who.identifier}', '${name}', '${canonical}', 'none', 1, ${Date.now() - 86_400_000});`,
  ]);
  return who;
}
