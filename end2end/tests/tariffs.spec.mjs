// A type's tariffs (issue 14, section 1), in every project (desktop, 360 px phone, no
// JavaScript): the admin adds a year's line in tomans and sees it stored in rials, in figures
// and in words, marked as charged today; a bad amount is refused beside its field with the rest
// of the form kept; the page passes axe-core and fits a phone.
import {
  DEMO_ADMIN,
  checkPage,
  expect,
  expectNoCrashes,
  jsEnabled,
  signInAs,
  submitForm,
  test,
  toPersianDigits,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

test('an admin adds a year’s tariff and an amount the gateways refuse is refused', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signInAs(page, testInfo, DEMO_ADMIN, js);
  // A type of its own, so each project starts from no tariff (through the app's own endpoint).
  const created = await page.request.post('/api/save_type', {
    headers: { accept: 'application/json' },
    form: {
      title: `گواهی اشتغال به تحصیل ${uniqueTag()}`,
      description: 'صدور گواهی اشتغال به تحصیل برای ارائه به سازمان‌ها.',
      kind_student: 'on',
      kind_graduate: 'on',
      initial_result_days: '2',
      active: 'on',
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const typeId = await created.json();
  await page.goto(`/admin/types/${typeId}`);
  await waitHydrated(page, testInfo);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'تعرفه‌ها' }) });
  await expect(section).toContainText('هنوز تعرفه‌ای ثبت نشده است');

  const year = toPersianDigits(String(await page.evaluate(() => {
    // The Jalali year in Tehran, as the page's own date field starts with.
    const parts = new Intl.DateTimeFormat('en-u-ca-persian', { timeZone: 'Asia/Tehran', year: 'numeric' }).formatToParts(new Date());
    return Number(parts.find((p) => p.type === 'year').value);
  })));
  await expect(section.locator('input[name=effective_from]')).toHaveValue(`${year}/۰۱/۰۱`);
  const source = 'جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۶';
  await section.locator('select[name=applicant_kind]').selectOption('student');
  await section.locator('input[name=source]').fill(source);

  // Below what a gateway accepts: refused beside the amount; the rest stays as typed.
  await section.locator('input[name=amount]').fill('۵۰۰');
  await section.locator('select[name=unit]').selectOption('tomans');
  await submitForm(page, section.getByRole('button', { name: 'ثبت تعرفه' }), '/api/add_tariff', js);
  const amount = section.locator('input[name=amount]');
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(section.locator('.field', { has: page.locator('input[name=amount]') }).locator('.field-error')).toContainText('۱۰٬۰۰۰ ریال');
  await expect(section.locator('input[name=source]')).toHaveValue(source);
  await expect(section.locator('select[name=unit]')).toHaveValue('tomans');

  await amount.fill('۱۵٬۰۰۰');
  await submitForm(page, section.getByRole('button', { name: 'ثبت تعرفه' }), '/api/add_tariff', js);
  const row = section.locator('table.tariffs tbody tr').first();
  await expect(row).toContainText('۱۵۰٬۰۰۰ ریال');
  await expect(row).toContainText('۱۵٬۰۰۰ تومان');
  await expect(row).toContainText('یکصد و پنجاه هزار ریال');
  await expect(row).toContainText(source);
  await expect(row.locator('.badge', { hasText: 'جاری' })).toBeVisible();
  await checkPage(page, testInfo, 'admin-type-tariffs');
  expectNoCrashes(problems);
});
