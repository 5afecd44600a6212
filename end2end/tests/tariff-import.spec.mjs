// A year's tariff table imported from a spreadsheet (issue 14, section 1), in every project
// (desktop, 360 px phone, no JavaScript): the admin opens the tariffs page from the admin
// navigation, uploads a CSV with one wrong row and sees it marked beside its cell with nothing
// saved and nothing to confirm; uploads the corrected file, sees every row read in Persian
// digits and in words, confirms, and finds the lines on the tariffs page. Each page passes
// axe-core and fits a phone.
import {
  DEMO_ADMIN,
  checkPage,
  expect,
  expectNoCrashes,
  fromPersianDigits,
  jsEnabled,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

/** A CSV as Excel saves it ("CSV UTF-8"): a byte-order mark, CRLF line ends. */
const csvFile = (name, lines) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8'),
});

test('an admin imports a year’s tariff table: a wrong row is marked and nothing saved, the right file is saved whole', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signInAs(page, testInfo, DEMO_ADMIN, js);
  // A type of its own, so each project imports into an empty table (through the app's own endpoint).
  const title = `گواهی اشتغال به تحصیل ${uniqueTag()}`;
  const created = await page.request.post('/api/save_type', {
    headers: { accept: 'application/json' },
    form: {
      title,
      description: 'صدور گواهی اشتغال به تحصیل برای ارائه به سازمان‌ها.',
      kind_student: 'on',
      kind_graduate: 'on',
      initial_result_days: '2',
      active: 'on',
    },
  });
  expect(created.status(), await created.text()).toBe(200);
  const typeId = await created.json();
  const source = 'جدول ۱۸ قانون بودجه، ردیف ۱۲۳۴۵۶';
  const header = 'نوع درخواست,نوع متقاضی,تاریخ اجرا,مبلغ,واحد,منبع';

  await page.goto('/admin/types');
  await waitHydrated(page, testInfo);
  await page.locator('nav.admin-nav').getByRole('link', { name: 'تعرفه‌ها', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/tariffs$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('تعرفه‌های همهٔ خدمات');
  await waitHydrated(page, testInfo);
  const importSection = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'ورود جدول تعرفهٔ یک سال از پرونده' }) });
  const yearField = importSection.getByLabel('سال مالی جدول');
  const year = await yearField.inputValue();
  expect(year).toMatch(/^[۰-۹]{4}$/);
  await checkPage(page, testInfo, 'admin-tariffs');

  // One row below what a gateway accepts: marked beside its amount; nothing to confirm.
  await importSection.getByLabel('پروندهٔ جدول').setInputFiles(csvFile('tariffs-wrong.csv', [
    header,
    `${title},دانشجو,,۱۵۰٬۰۰۰,,${source}`,
    `${title},دانش‌آموخته,,۵۰۰,تومان,${source}`,
  ]));
  await submitForm(page, importSection.getByRole('button', { name: 'بارگذاری و پیش‌نمایش' }), '/api/upload_tariff_import', js);
  await expect(page).toHaveURL(/\/admin\/tariffs\/import\/[0-9a-f]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('پیش‌نمایش ورود تعرفه‌ها');
  await waitHydrated(page, testInfo);
  const rows = page.locator('table.import-rows tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(page.locator('.import-summary')).toHaveText('۲ سطر: ۱ سطر درست، ۱ سطر با خطا');
  const wrong = page.locator('table.import-rows tr.row-bad');
  await expect(wrong).toHaveCount(1);
  await expect(wrong.locator('th')).toHaveText('سطر ۳');
  await expect(wrong.locator('td.cell-bad .cell-error')).toContainText('۱۰٬۰۰۰ ریال');
  await expect(wrong).toContainText('خطا دارد');
  await expect(rows.first()).toContainText('۱۵۰٬۰۰۰ ریال');
  await expect(rows.first()).toContainText('یکصد و پنجاه هزار ریال');
  await expect(page.getByRole('button', { name: /^ثبت هر/ })).toHaveCount(0);
  await checkPage(page, testInfo, 'tariff-import-errors');

  // The corrected file: every row right, confirmed in one step.
  await page.getByRole('link', { name: 'بارگذاری پروندهٔ دیگر' }).click();
  await expect(page).toHaveURL(/\/admin\/tariffs$/);
  await waitHydrated(page, testInfo);
  await importSection.getByLabel('پروندهٔ جدول').setInputFiles(csvFile('tariffs.csv', [
    header,
    `${title},دانشجو,,۱۵۰٬۰۰۰,,${source}`,
    `${title},دانش‌آموخته,${year}/۰۱/۰۱,۳۰٬۰۰۰,تومان,${source}`,
  ]));
  await submitForm(page, importSection.getByRole('button', { name: 'بارگذاری و پیش‌نمایش' }), '/api/upload_tariff_import', js);
  await expect(page).toHaveURL(/\/admin\/tariffs\/import\/[0-9a-f]+$/);
  await waitHydrated(page, testInfo);
  await expect(page.locator('.import-summary')).toHaveText('۲ سطر: ۲ سطر درست، ۰ سطر با خطا');
  await expect(page.locator('table.import-rows tr.row-bad')).toHaveCount(0);
  const graduates = page.locator('table.import-rows tbody tr').nth(1);
  await expect(graduates).toContainText('دانش‌آموخته');
  await expect(graduates).toContainText(`${year}/۰۱/۰۱`);
  await expect(graduates).toContainText('۳۰۰٬۰۰۰ ریال');
  await expect(graduates).toContainText('سیصد هزار ریال');
  await checkPage(page, testInfo, 'tariff-import-preview');

  await submitForm(page, page.getByRole('button', { name: 'ثبت هر ۲ سطر' }), '/api/confirm_tariff_import', js);
  await expect(page).toHaveURL(/\/admin\/tariffs\?year=\d{4}&imported=2$/);
  await expect(page.getByRole('status').filter({ hasText: '۲ سطر تعرفه ثبت شد.' })).toBeVisible();
  const saved = page.locator('table.all-tariffs tbody tr', { has: page.getByRole('link', { name: title }) });
  await expect(saved).toHaveCount(2);
  await expect(saved.first().getByRole('link', { name: title })).toHaveAttribute('href', `/admin/types/${typeId}`);
  await expect(page.locator('table.all-tariffs')).toContainText('۳۰۰٬۰۰۰ ریال');
  // The tariffs page shows the imported year.
  await expect(page.locator('#tariff-year-filter')).toHaveValue(fromPersianDigits(year));
  await checkPage(page, testInfo, 'admin-tariffs-imported');
  expectNoCrashes(problems);
});
