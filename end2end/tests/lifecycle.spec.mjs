// The whole life of a request, in every project (desktop, 360 px phone, no JavaScript):
//
//   a. an admin gives a new request type its own form (short text, Jalali date, file) and a guide
//   b. the applicant reads the guide, fills the form with a file and an attachment, files it
//   c. staff write an internal note, then answer with a canned response, mark the initial result
//      and resolve it
//   d. the applicant sees the answer (never the note), downloads the file, rates the outcome
//
// The admin and the staff use a JavaScript desktop browser; the applicant uses the project's.
import {
  DEMO_ADMIN,
  DEMO_AGENT,
  checkPage,
  chooseType,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  instrumentContext,
  jsEnabled,
  signIn,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const pdf = (name) => ({ name, mimeType: 'application/pdf', buffer: PDF });


test('a custom form with files, an internal note, a resolution and a rating', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(180_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const typeTitle = `گواهی نمره آزمون ${tag}`;
  const subject = `کارنامه آزمون ثبت نشده است ${tag}`;
  const note = `یادداشت داخلی: کارنامه در سامانه آزمون موجود است ${tag}`;
  const answer = `کارنامه شما ثبت شد و گواهی صادر می‌شود. ${tag}`;

  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'staff', { js: true });
  try {
    const admin = await staffContext.newPage();
    await test.step('a. the admin defines the type, its form and its guide', async () => {
      await signIn(admin, testInfo, DEMO_ADMIN);
      await admin.goto('/admin/types');
      await waitHydrated(admin, testInfo, { jsOverride: true });
      await checkPage(admin, testInfo, 'admin-types', { phone: false, js: true });
      const form = admin.locator('section', { has: admin.getByRole('heading', { name: 'افزودن نوع درخواست' }) });
      await form.locator('input[name=title]').fill(typeTitle);
      await form.locator('textarea[name=description]').fill('صدور گواهی نمره آزمون‌های سازمان.');
      await form.locator('select[name=group_id]').selectOption({ index: 1 });
      await form.locator('input[name=initial_result_days]').fill('3');
      await submitForm(admin, form.getByRole('button', { name: 'ذخیره' }), '/api/save_type', true);
      await admin.getByRole('link', { name: typeTitle }).click();
      await admin.waitForURL(/\/admin\/types\/\d+$/);
      await waitHydrated(admin, testInfo, { jsOverride: true });
      const addField = async (label, kind, required) => {
        const f = admin.locator('form', { has: admin.locator('#new-label') });
        await f.locator('#new-label').fill(label);
        await f.locator('#new-kind').selectOption(kind);
        if (required) await f.locator('#new-required').check();
        await submitForm(admin, f.getByRole('button', { name: 'ذخیره' }), '/api/save_field', true);
        await expect(admin.locator('ol.field-list summary', { hasText: label })).toBeVisible();
      };
      // The SLA policy: four working hours to the initial result, sixteen to resolution,
      // warning at 80 %. A change is a new version; the first came with the type.
      const policy = admin.locator('section', { has: admin.getByRole('heading', { name: 'سیاست توافق سطح خدمت' }) });
      await policy.locator('#policy-unit').selectOption('hours');
      await policy.locator('#policy-initial').fill('۴');
      await policy.locator('#policy-resolution').fill('16');
      await policy.locator('#policy-warn').fill('80');
      await submitForm(admin, policy.getByRole('button', { name: 'ذخیرهٔ سیاست' }), '/api/save_policy', true);
      await expect(policy.locator('.alert.success')).toContainText('نسخهٔ جدید');
      await expect(policy.locator('tbody tr')).toHaveCount(2);
      await expect(policy.locator('tbody tr').first()).toContainText('۴ ساعت کاری');
      await addField('شماره داوطلبی', 'short_text', true);
      await addField('تاریخ آزمون', 'jalali_date', false);
      await addField('تصویر کارنامه', 'file', true);
      await admin.locator('input[name=title]').last().fill('راهنمای دریافت گواهی');
      await admin.locator('input[name=file]').setInputFiles(pdf('guide.pdf'));
      await submitForm(admin, admin.getByRole('button', { name: 'بارگذاری' }), '/api/upload_document', true);
      await expect(admin.getByRole('link', { name: 'راهنمای دریافت گواهی' })).toBeVisible();
      await checkPage(admin, testInfo, 'admin-type-editor', { phone: false, js: true });
    });

    let code;
    await test.step('b. the applicant fills the form with files', async () => {
      await signInAs(page, testInfo, STUDENT, js);
      await page.goto('/requests/new');
      await waitHydrated(page, testInfo, { jsOverride: js });
      await chooseType(page, typeTitle);
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(page.getByRole('heading', { name: 'راهنمای این خدمت' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'راهنمای دریافت گواهی' })).toBeVisible();
      await page.locator('input[name=subject]').fill(subject);
      await page.locator('textarea[name=description]').fill('کارنامه آزمون من در سامانه ثبت نشده و گواهی صادر نمی‌شود.');
      await page.getByLabel('شماره داوطلبی (الزامی)').fill('۴۵۶۷۸۹');
      const date = page.getByLabel('تاریخ آزمون', { exact: true });
      if (js) {
        // The calendar picks a date; the field shows it in Persian digits.
        // Today is marked; the year and month jump; official holidays and Fridays stand out.
        await page.getByRole('button', { name: 'انتخاب از تقویم' }).click();
        const cal = page.locator('.calendar');
        await expect(cal.locator('button.day[aria-current=date]'), 'today is marked').toHaveCount(1);
        await cal.getByLabel('سال', { exact: true }).selectOption('1404');
        await cal.getByLabel('ماه', { exact: true }).selectOption('1');
        await expect(cal.locator('.calendar-head strong')).toHaveText('فروردین ۱۴۰۴');
        const nowruz = cal.locator('button.day').first();
        await expect(nowruz, 'an official holiday is marked').toHaveClass(/holiday/);
        await expect(nowruz).toHaveAttribute('aria-label', /تعطیل رسمی: نوروز/);
        await expect(cal.locator('button.day').nth(13), 'a working Thursday is not').not.toHaveClass(/holiday/);
        await cal.getByRole('button', { name: 'امروز', exact: true }).click();
        await expect(cal.locator('button.day[aria-current=date]')).toHaveCount(1);
        // axe, sideways scroll and 44 px days (seven to a row on a 360 px phone) on every project.
        await checkPage(page, testInfo, 'date-picker');
        await cal.getByLabel('سال', { exact: true }).selectOption('1404');
        await cal.getByLabel('ماه', { exact: true }).selectOption('1');
        await cal.locator('button.day').nth(9).click();
        await expect(date).toHaveValue('۱۴۰۴/۰۱/۱۰');
      } else {
        await date.fill('۱۴۰۴/۰۲/۳۱');
      }
      await page.getByLabel('تصویر کارنامه (الزامی)').setInputFiles(pdf('karnameh.pdf'));
      await page.locator('input[name=files]').setInputFiles(pdf('peyvast.pdf'));
      await checkPage(page, testInfo, 'custom-form');
      await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
      await page.waitForURL(/\/requests\/\d{10}(\?.*)?$/);
      code = new URL(page.url()).pathname.split('/').pop();
      await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
      await expect(page.locator('dl.answers')).toContainText('۴۵۶۷۸۹');
      await expect(page.getByRole('link', { name: 'karnameh.pdf' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'peyvast.pdf' })).toBeVisible();
      await checkPage(page, testInfo, 'filed-with-files');
    });

    await test.step('c. staff note, answer and resolve', async () => {
      const staff = await staffContext.newPage();
      await signIn(staff, testInfo, DEMO_AGENT);
      await staff.goto(`/staff/requests/${code}`);
      await waitHydrated(staff, testInfo, { jsOverride: true });
      await expect(staff.locator('dl.answers')).toContainText('۴۵۶۷۸۹');
      await staff.getByLabel('یادداشت داخلی (فقط کارشناسان)').check();
      await staff.locator('textarea[name=body]').fill(note);
      await submitForm(staff, staff.getByRole('button', { name: 'ارسال پاسخ' }), '/api/reply', true);
      await expect(staff.locator('li.message.note', { hasText: note })).toBeVisible();
      await staff.getByLabel('پاسخ و اعلام حل شدن').check();
      await staff.locator('textarea[name=body]').fill(answer);
      // A canned response, its variables filled in, goes below what was typed.
      await staff.getByLabel('پاسخ آماده').selectOption({ label: 'نیاز به مدرک بیشتر' });
      await staff.getByRole('button', { name: 'درج در متن پاسخ' }).click();
      await expect(staff.locator('textarea[name=body]')).toHaveValue(
        new RegExp(`^${answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nزهرا احمدی گرامی، برای بررسی درخواست \u2066[۰-۹ -]+\u2069 لطفاً`),
      );
      await staff.getByLabel('این پاسخ نتیجهٔ اولیه درخواست است').check();
      await submitForm(staff, staff.getByRole('button', { name: 'ارسال پاسخ' }), '/api/reply', true);
      await expect(staff.locator('li.message.staff', { hasText: answer })).toBeVisible();
      await expect(staff.locator('dl.facts span.badge[class*="status-"]').first()).toHaveText('حل‌شده');
      await checkPage(staff, testInfo, 'staff-request-resolved', { phone: false, js: true });
    });

    await test.step('d. the applicant sees the answer, not the note, and rates it', async () => {
      await page.goto(`/requests/${code}`);
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(page.locator('li.message.staff', { hasText: answer })).toBeVisible();
      await expect(page.getByText(note)).toHaveCount(0);
      await expect(page.locator('dl.facts span.badge[class*="status-"]').first()).toHaveText('حل‌شده');
      const download = await page.request.get(
        await page.getByRole('link', { name: 'karnameh.pdf' }).getAttribute('href'),
      );
      expect(download.status()).toBe(200);
      expect(download.headers()['content-disposition']).toMatch(/^attachment;/);
      await page.getByLabel('۵', { exact: true }).check();
      await page.locator('textarea[name=comment]').fill('پاسخ سریع و دقیق بود.');
      await checkPage(page, testInfo, 'rate');
      await submitForm(page, page.getByRole('button', { name: 'ثبت امتیاز' }), '/api/rate_request', js);
      await expect(page.locator('dl.facts').first()).toContainText('۵ / ۵');
      await checkPage(page, testInfo, 'rated');
    });
  } finally {
    await staffContext.close();
  }
  expectNoCrashes(problems);
});
