// What a person keeps up themselves, and the questions a help desk asks before it acts (issue 13,
// section 4), in every project (desktop, 360 px phone, no JavaScript):
//
//   a. a forgotten password is set again with a code by SMS (from the sign-in page)
//   b. on «حساب من»: the password changed with a confirmation, a new mobile and a new e-mail
//      address each taken once the code sent to it comes back, notices by e-mail offered only
//      with an address on file
//   c. closing a request asks first; only «بله، بسته شود» closes it
import {
  checkPage,
  chooseType,
  closeRequest,
  expect,
  existingApplicant,
  expectNoCrashes,
  jsEnabled,
  lastMailCode,
  lastSmsCode,
  newApplicant,
  registerApplicant,
  signInAs,
  submitForm,
  test,
  toPersianDigits,
  uniqueMobile,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

/** The confirmation at the top of the page. */
const confirmation = (page) => page.locator('.confirmation-slot');

test('a forgotten password is set again with a code by SMS, then changed on the account page', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  // An account made long ago: a code sent just now (at sign-up) would make the next one wait.
  const who = existingApplicant();
  await page.goto('/login');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.getByRole('link', { name: 'رمز عبور را فراموش کرده‌اید؟' }).click();
  await expect(page).toHaveURL(/\/login\/reset$/);
  await expect(page.getByRole('heading', { level: 1, name: 'بازیابی رمز عبور' })).toBeVisible();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('#mobile').fill(who.mobile);
  await submitForm(page, page.getByRole('button', { name: 'دریافت کد' }), '/api/send_reset_code', js);
  const code = page.locator('#reset-code');
  await expect(code, 'the code box appears').toBeVisible();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await checkPage(page, testInfo, 'password-reset');
  const fresh = `${who.password}-new`;
  await code.fill(lastSmsCode(who.mobile));
  await page.locator('input[name=password]').fill(fresh);
  await page.locator('input[name=password_confirm]').fill(fresh);
  await submitForm(page, page.getByRole('button', { name: 'ثبت رمز تازه و ورود' }), '/api/reset_password', js);
  await expect(page).toHaveURL(/\/requests$/);

  // The account page: the password, changed with the current one.
  await page.goto('/account');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('heading', { level: 1, name: 'حساب من' })).toBeVisible();
  await expect(page.locator('#notify_email'), 'no e-mail notices without an address').toHaveCount(0);
  await expect(page.getByText('نخست نشانی رایانامهٔ خود را', { exact: false })).toBeVisible();
  await checkPage(page, testInfo, 'account');
  const newest = `${fresh}-2`;
  await page.locator('input[name=current_password]').fill(fresh);
  await page.locator('input[name=password]').fill(newest);
  await page.locator('input[name=password_confirm]').fill(newest);
  await submitForm(page, page.getByRole('button', { name: 'تغییر رمز عبور' }), '/api/change_password', js);
  await expect(confirmation(page)).toContainText('رمز عبور شما تغییر کرد');
  await expect(page.getByRole('heading', { level: 1, name: 'حساب من' }), 'still signed in').toBeVisible();

  // A new mobile: a code to it, then the code.
  await waitHydrated(page, testInfo, { jsOverride: js });
  const mobile = uniqueMobile();
  await page.locator('#new-mobile').fill(mobile);
  await submitForm(page, page.locator('form:has(#new-mobile) button[type=submit]'), '/api/send_mobile_code', js);
  const mobileCode = page.locator('#mobile-code');
  await expect(mobileCode).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: toPersianDigits(mobile) })).toBeVisible();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await mobileCode.fill(lastSmsCode(mobile));
  await submitForm(page, page.locator('form:has(#mobile-code) button[type=submit]'), '/api/confirm_mobile', js);
  await expect(confirmation(page)).toContainText('شمارهٔ همراه تازه');
  await expect(page.locator('#mobile-title + p bdi')).toHaveText(toPersianDigits(mobile));

  // A new e-mail address: notices by e-mail are offered once it is confirmed.
  await waitHydrated(page, testInfo, { jsOverride: js });
  const address = `u${Date.now()}${Math.floor(Math.random() * 1000)}@example.ir`;
  await page.locator('#new-email').fill(address);
  await submitForm(page, page.locator('form:has(#new-email) button[type=submit]'), '/api/send_email_code', js);
  const mailCode = page.locator('#email-code');
  await expect(mailCode).toBeVisible();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await mailCode.fill(lastMailCode(address));
  await submitForm(page, page.locator('form:has(#email-code) button[type=submit]'), '/api/confirm_email', js);
  await expect(confirmation(page)).toContainText('رایانامهٔ تازه');
  await expect(page.locator('#email-title + p bdi')).toHaveText(address);
  await expect(page.locator('#notify_email')).toBeVisible();

  // The new password signs in.
  await page.context().clearCookies();
  await page.goto('/login');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=password]').fill(newest);
  await submitForm(page, page.getByRole('button', { name: 'ورود', exact: true }), '/api/login', js);
  await expect(page).toHaveURL(/\/requests$/);
  expectNoCrashes(problems);
});

test('closing a request asks first', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await registerApplicant(page, testInfo, newApplicant(), js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=subject]').fill(`درخواستی برای بستن ${uniqueTag()}`);
  await page.locator('textarea[name=description]').fill('این درخواست را پس از ثبت می‌بندم.');
  await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}/);
  await waitHydrated(page, testInfo, { jsOverride: js });

  const status = page.locator('dl.facts span.badge[class*="status-"]');
  await page.locator('summary', { hasText: 'بستن درخواست' }).click();
  const yes = page.getByRole('button', { name: 'بله، بسته شود' });
  await expect(yes).toBeVisible();
  await expect(page.getByText('درخواست بسته شود؟', { exact: false })).toBeVisible();
  await checkPage(page, testInfo, 'close-question');
  // Asking changed nothing.
  await page.reload();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(status).not.toHaveClass(/status-closed/);
  await closeRequest(page);
  await expect(status).toHaveClass(/status-closed/);
  await expect(confirmation(page)).toContainText('درخواست بسته شد');
  expectNoCrashes(problems);
});

test('a new request typed but not sent survives a reload, and leaving the page asks first', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'drafts are kept by the page script; without it the browser keeps the form');
  await registerApplicant(page, testInfo, newApplicant());
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo);
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo);
  const subject = `پیش‌نویسی که نباید گم شود ${uniqueTag()}`;
  const description = 'متنی بلند که با بارگذاری دوبارهٔ صفحه یا قطع اتصال نباید از دست برود.';
  // A click first: browsers ask before leaving only a page the person has touched.
  await page.locator('input[name=subject]').click();
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill(description);

  const before = page.e2eLeavePrompts ?? 0;
  await page.reload();
  expect(page.e2eLeavePrompts ?? 0, 'leaving a half-filled form asks first').toBe(before + 1);
  await waitHydrated(page, testInfo);
  await expect(page.locator('input[name=subject]')).toHaveValue(subject);
  await expect(page.locator('textarea[name=description]')).toHaveValue(description);
  await expect(page.locator('.draft-note')).toBeVisible();

  await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', true);
  await page.waitForURL(/\/requests\/\d{10}/);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('poshtiban:draft:')));
  expect(kept, 'a sent form leaves no draft behind').toEqual([]);
  await page.goBack();
  await waitHydrated(page, testInfo);
  await expect(page.locator('input[name=subject]')).toHaveValue('');
  expectNoCrashes(problems);
});

test('chosen files are listed, checked before sending, taken out again, and their upload shows its progress', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the checks before sending are the page script; without it the server refuses');
  await registerApplicant(page, testInfo, newApplicant());
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo);
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo);
  await page.locator('input[name=subject]').fill(`پیوست بزرگ ${uniqueTag()}`);
  await page.locator('textarea[name=description]').fill('فایل پیوست را پیش از فرستادن بررسی کنید.');
  const pdf = (name, bytes) => ({
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes - 9, 0x20)]),
  });
  const files = page.locator('input[type=file][name=files]');
  await files.setInputFiles([pdf('small.pdf', 2_000_000), pdf('too-big.pdf', 11 * 1024 * 1024)]);
  const listed = page.locator('ul.chosen-files li');
  await expect(listed).toHaveCount(2);
  await expect(listed.first()).toContainText('small.pdf');
  await expect(page.locator('#files-error'), 'the file over the limit is named before sending').toContainText('too-big.pdf');
  await expect(files).toHaveAttribute('aria-invalid', 'true');
  // Sending is held back while a file breaks a limit.
  let posted = false;
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/create_request') posted = true; });
  await page.getByRole('button', { name: 'ثبت درخواست', exact: true }).click();
  await expect(files).toBeFocused();
  expect(posted, 'nothing was sent').toBe(false);
  await checkPage(page, testInfo, 'files-chosen');

  await listed.nth(1).getByRole('button', { name: 'برداشتن' }).click();
  await expect(listed).toHaveCount(1);
  await expect(page.locator('#files-error')).toHaveCount(0);
  expect(await files.evaluate((el) => el.files.length)).toBe(1);

  // A slow line: the upload's progress shows while it goes.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 50, downloadThroughput: 4_000_000, uploadThroughput: 400_000,
  });
  await page.getByRole('button', { name: 'ثبت درخواست', exact: true }).click();
  await expect(page.locator('.upload-progress progress'), 'the upload shows its progress').toBeVisible({ timeout: 10_000 });
  await page.waitForURL(/\/requests\/\d{10}/, { timeout: 60_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await expect(page.getByText('small.pdf')).toBeVisible();
  expectNoCrashes(problems);
});

test('request types can be searched, Arabic letters and all', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signInAs(page, testInfo, { identifier: '0790419904', password: 'poshtiban-demo' }, js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const cards = page.locator('li.type-item');
  const all = await cards.count();
  expect(all, 'several types to choose from').toBeGreaterThan(2);
  const search = async (text) => {
    await page.locator('#type-q').fill(text);
    if (!js) {
      await page.getByRole('button', { name: 'جستجو', exact: true }).click();
      await page.waitForURL(/[?&]q=/);
    }
  };
  // «پیامک» typed with the Arabic ye and kaf of some keyboards.
  await search('پيامك');
  await expect(cards.filter({ hasText: 'ورود، ثبت‌نام و کد پیامکی' })).toHaveCount(1);
  await expect.poll(() => cards.count()).toBeLessThan(all);
  await expect(page.locator('#type-count')).toContainText('نوع درخواست');
  await checkPage(page, testInfo, 'type-search');
  await search('عبارتی که در هیچ نوعی نیست');
  await expect(cards).toHaveCount(0);
  await expect(page.locator('#type-count')).toHaveText('نوع درخواستی با این عبارت پیدا نشد؛ عبارت کوتاه‌تر یا دیگری بنویسید.');
  expectNoCrashes(problems);
});
