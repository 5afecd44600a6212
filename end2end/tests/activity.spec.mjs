// What changed since the person last looked (issue 13, section 4), in every project (desktop,
// 360 px phone, no JavaScript): a staff answer is marked «تازه» in the applicant's list and on
// the request's page, counted on the header's link and in the tab's title, and no longer once
// the request was opened.
import {
  DEMO_AGENT,
  chooseType,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  instrumentContext,
  jsEnabled,
  newApplicant,
  registerApplicant,
  signIn,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

test('a staff answer is new to the applicant until they open it', async ({ page, browser, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await registerApplicant(page, testInfo, newApplicant(), js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const subject = `پیامک تأیید نمی‌رسد ${uniqueTag()}`;
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill('کد تأیید ورود به سامانه برای من پیامک نمی‌شود.');
  await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}/);
  const code = new URL(page.url()).pathname.split('/').pop();
  // Away from the request: an answer arriving while its page is on screen is seen there.
  await page.goto('/account');

  // An agent answers (through the app's own endpoint, from a signed-in staff browser).
  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'staff', { js: true });
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, testInfo, DEMO_AGENT);
    const answered = await staff.request.post('/api/reply', {
      headers: { accept: 'application/json' },
      multipart: { code, body: 'شمارهٔ شما از فهرست مسدود خارج شد؛ دوباره امتحان کنید.', mode: 'answer' },
    });
    expect(answered.status(), await answered.text()).toBe(200);
  } finally {
    await staffContext.close();
  }

  await page.goto('/requests');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const row = page.locator('li.request-item', { hasText: subject });
  await expect(row.locator('.badge.news'), 'the list marks it').toHaveText('تازه');
  await expect(row).toContainText('آخرین تغییر:');
  const badge = page.locator('.site-header a[href="/requests"] .news-count');
  await expect(badge, 'the header counts it').toHaveText('۱');
  if (js) await expect(page).toHaveTitle(/^\(۱\) /);

  await row.locator('a.subject').click();
  await page.waitForURL(new RegExp(`/requests/${code}`));
  await waitHydrated(page, testInfo, { jsOverride: js });
  const answer = page.locator('li.message.staff');
  await expect(answer.locator('.badge.news'), 'the answer is marked on the page').toBeVisible();
  await expect(badge, 'opened: nothing new any more').toHaveCount(0);
  if (js) await expect(page).not.toHaveTitle(/^\(/);

  await page.goto('/requests');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.locator('li.request-item', { hasText: subject }).locator('.badge.news')).toHaveCount(0);
  expectNoCrashes(problems);
});
