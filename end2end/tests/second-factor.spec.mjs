// The second factor of staff, in every project (desktop, 360 px phone, no JavaScript): a new
// supervisor signs in, is made to set up an authenticator (QR code, key, recovery codes) before
// any session exists, confirms it with a first code and lands in the queue; an admin then resets
// it for a lost phone, on the record. Every page passes axe-core.
import { execFileSync } from 'node:child_process';
import {
  DEMO_ADMIN,
  checkPage,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  instrumentContext,
  jsEnabled,
  signInAs,
  submitForm,
  test,
  totpCode,
  uniqueNationalCode,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

/** A new supervisor account, made with the server's own command line on the suite's database. */
function newSupervisor() {
  const bin = process.env.E2E_BIN;
  const database = process.env.E2E_SQLITE;
  expect(bin && database, 'E2E_BIN and E2E_SQLITE name the server and its database (scripts/test.sh)').toBeTruthy();
  const who = { identifier: uniqueNationalCode(), password: `Ramz-${uniqueTag()}-ok`, name: `سرپرست تازه ${uniqueTag()}` };
  execFileSync(bin, ['user', 'add', '--role', 'supervisor', '--national-code', who.identifier, '--name', who.name], {
    env: { ...process.env, DATABASE_URL: `sqlite:${database}`, POSHTIBAN_PASSWORD: who.password, RUST_LOG: 'warn' },
  });
  return who;
}

test('a supervisor sets up the second factor before the first session, and an admin resets it', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(150_000);
  const js = jsEnabled(testInfo);
  const who = newSupervisor();
  await page.goto('/login');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=password]').fill(who.password);
  await submitForm(page, page.getByRole('button', { name: 'ورود', exact: true }), '/api/login', js);
  await expect(page).toHaveURL(/\/login\/2fa\/setup$/);
  await expect(page.getByRole('heading', { level: 1, name: 'راه‌اندازی ورود دومرحله‌ای' })).toBeVisible();
  await waitHydrated(page, testInfo, { jsOverride: js });
  // No session yet: the queue sends the browser to sign in.
  const queue = await page.request.get('/staff', { maxRedirects: 0 });
  expect(queue.status(), 'no session before the second factor').toBe(303);
  await expect(page.getByRole('img', { name: 'کد تصویری برای افزودن حساب به برنامهٔ احراز هویت' })).toBeVisible();
  await expect(page.locator('ol.recovery-codes li')).toHaveCount(10);
  await checkPage(page, testInfo, 'second-factor-setup');
  const secret = (await page.locator('code.secret').innerText()).replace(/\s/g, '');
  await page.locator('input[name=code]').fill(totpCode(secret, Math.floor(Date.now() / 30000)));
  await submitForm(page, page.getByRole('button', { name: 'تأیید و فعال‌سازی', exact: true }), '/api/confirm_second_factor_setup', js);
  await expect(page).toHaveURL(/\/staff$/);
  await expect(page.getByRole('heading', { level: 1, name: 'کارتابل درخواست‌ها' })).toBeVisible();
  expectNoCrashes(problems);

  // An admin resets it (the phone was lost), with a reason that stays in the audit trail.
  const reason = `گوشی گم شده ${uniqueTag()}`;
  const adminContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(adminContext, problems, 'admin', { js: true });
  try {
    const admin = await adminContext.newPage();
    await signInAs(admin, testInfo, DEMO_ADMIN, true);
    await admin.goto('/admin/staff');
    await waitHydrated(admin, testInfo, { jsOverride: true });
    await expect(admin.getByRole('heading', { level: 1, name: 'حساب‌های کارشناسان' })).toBeVisible();
    // The account's own row (its name is the row's header; the audit trail names it too).
    const row = admin.locator('tr', { has: admin.getByRole('rowheader', { name: who.name }) });
    await expect(row).toContainText('راه‌اندازی‌شده');
    await checkPage(admin, testInfo, 'admin-staff', { js: true, phone: false });
    const reset = row.locator('form', { has: admin.getByRole('button', { name: 'بازنشانی ورود دومرحله‌ای' }) });
    await reset.getByLabel('دلیل').fill(reason);
    await submitForm(admin, reset.getByRole('button'), '/api/reset_second_factor', true);
    await expect(row).toContainText('راه‌اندازی‌نشده');
    await expect(admin.locator('tr', { hasText: reason })).toContainText('بازنشانی ورود دومرحله‌ای');
  } finally {
    await adminContext.close();
  }
  // The supervisor's session ended with the reset.
  await page.goto('/staff');
  await expect(page).toHaveURL(/\/login/);
  expectNoCrashes(problems);
});
