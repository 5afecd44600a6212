// The working calendar the SLA clocks count on, in every project (desktop, 360 px phone, no
// JavaScript): an admin sees which years still lack official holidays, closes a day with a
// reason, sees it listed, and opens it again. Every page passes axe-core.
import {
  DEMO_ADMIN,
  checkPage,
  expect,
  expectNoCrashes,
  jsEnabled,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

// One day per project, so the three runs on one database do not collide.
const DAY = { desktop: '۱۴۰۶/۰۲/۱۰', phone: '۱۴۰۶/۰۲/۱۱', nojs: '۱۴۰۶/۰۲/۱۲' };

test('an admin closes a day on the working calendar and opens it again', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const date = DAY[testInfo.project.name] ?? '۱۴۰۶/۰۲/۱۳';
  const reason = `تعطیلی به علت آلودگی هوا ${uniqueTag()}`;
  await signInAs(page, testInfo, DEMO_ADMIN, js);
  await page.goto('/admin/calendar');
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1, name: 'تقویم کاری' })).toBeVisible();
  // Saturday–Wednesday 08:00–14:00 are the defaults; Friday is off.
  // Numbers people read are in Persian digits, in an admin's inputs too.
  await expect(page.locator('#wd0-start')).toHaveValue('۰۸:۰۰');
  await expect(page.locator('#wd6-start')).toHaveValue('');
  // 1404 ships with its holidays; later years are the admin's to enter, and the page says so.
  await expect(page.getByText('نوروز').first()).toBeVisible();
  await expect(page.getByText(/تعطیلات رسمی سال ۱۴۰[۵-۹] هنوز وارد نشده است/).first()).toBeVisible();
  await checkPage(page, testInfo, 'admin-calendar');

  // The example date is in this Jalali year.
  const year = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric', timeZone: 'Asia/Tehran' }).format(new Date());
  await expect(page.getByLabel('تاریخ', { exact: true })).toHaveAttribute('placeholder', `${year.replace(/[^۰-۹]/g, '')}/۰۱/۳۱`);
  await page.getByLabel('تاریخ', { exact: true }).fill(date);
  await page.getByLabel('علت', { exact: true }).fill(reason);
  await submitForm(page, page.getByRole('button', { name: 'افزودن روز تعطیل' }), '/api/add_closure', js);
  const row = page.locator('ul.closures li', { hasText: reason });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('تعطیلی موردی');
  if (js) {
    // A day a year ahead is past every open request's due time: no clock is recomputed.
    await expect(page.locator('.alert.success')).toContainText('موعد هیچ درخواست بازی را جابه‌جا نمی‌کند');
  }
  await checkPage(page, testInfo, 'admin-calendar-closed');

  await submitForm(page, row.getByRole('button'), '/api/remove_closure', js);
  await expect(page.locator('ul.closures li', { hasText: reason })).toHaveCount(0);
  expectNoCrashes(problems);
});
