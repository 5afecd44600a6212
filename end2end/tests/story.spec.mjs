// The applicant–staff story, run in every project (desktop, phone, nojs).
//
//   a. an applicant registers            d. an agent answers (always a JS desktop browser)
//   b. a bad national code is refused    e. the applicant sees the answer (live with JS)
//   c. the applicant files a request     f. the applicant answers back
//   g. on the phone, no page scrolls sideways (checked on every page of the story)
//
// plus: another applicant cannot open the request.
import {
  DEMO_AGENT,
  checkPage,
  chooseType,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  fromPersianDigits,
  instrumentContext,
  jsEnabled,
  lastSmsCode,
  newApplicant,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const T = {
  registerTitle: 'ثبت‌نام متقاضی',
  registerSubmit: 'ادامه و دریافت کد تأیید',
  verifyTitle: 'تأیید شمارهٔ همراه',
  verifySubmit: 'تأیید و ساخت حساب',
  myRequests: 'درخواست‌های من',
  requestType: 'ورود، ثبت‌نام و کد پیامکی',
  newRequestSubmit: 'ثبت درخواست',
  createdNotice: 'درخواست شما ثبت شد. کد رهگیری را برای پیگیری نگه دارید.',
  loginSubmit: 'ورود',
  queueTitle: 'کارتابل درخواست‌ها',
  more: 'موارد بیشتر',
  replySubmit: 'ارسال پاسخ',
  markInitial: 'این پاسخ نتیجهٔ اولیه درخواست است',
  initialBadge: 'نتیجهٔ اولیه',
  statusNew: 'جدید',
  statusAnswered: 'پاسخ‌داده‌شده',
  notFound: 'درخواستی با این مشخصات پیدا نشد.',
};

// A Jalali date of this century's 1400s, written with Persian digits: ۱۴۰۵/۰۹/۰۴.
const JALALI_DATE = /۱۴[۰-۹][۰-۹]\/[۰-۹]{2}\/[۰-۹]{2}/;
const LIVE = { timeout: 5_000 };

/** Waits until the page's live stream (EventSource on /events) is open. */
async function waitLiveConnected(page) {
  await page.waitForFunction(
    () => (globalThis.__e2eEventSources ?? []).some((es) => es.readyState === 1),
    null,
    { timeout: 15_000 },
  );
}

async function register(page, testInfo, who, { js = jsEnabled(testInfo), check = false, expectSuccess = true } = {}) {
  await page.goto('/register');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('heading', { level: 1, name: T.registerTitle })).toBeVisible();
  const student = page.locator('input[name=kind][value=student]');
  const nationalCode = page.locator('input[name=id_type][value=national_code]');
  await expect(student, '«دانشجو» is chosen by default').toBeChecked();
  await expect(nationalCode, '«کد ملی» is chosen by default').toBeChecked();
  await expect(page.getByRole('radio', { name: 'دانشجو', exact: true })).toBeChecked();
  await student.check();
  await nationalCode.check();
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=full_name]').fill(who.fullName);
  await page.locator('input[name=mobile]').fill(who.mobile);
  await expect(page.locator('input[name=email]')).toHaveValue('');
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('input[name=password_confirm]').fill(who.password);
  if (check) await checkPage(page, testInfo, 'register');
  await submitForm(page, page.getByRole('button', { name: T.registerSubmit, exact: true }), '/api/register', js);
  if (expectSuccess) {
    // The mobile is proven by the code sent to it before the account exists.
    await expect(page).toHaveURL(/\/register\/verify$/);
    await expect(page.getByRole('heading', { level: 1, name: T.verifyTitle })).toBeVisible();
    await waitHydrated(page, testInfo, { jsOverride: js });
    if (check) await checkPage(page, testInfo, 'register-verify');
    await page.locator('input[name=code]').fill(lastSmsCode(who.mobile));
    await submitForm(page, page.getByRole('button', { name: T.verifySubmit, exact: true }), '/api/confirm_registration', js);
    await expect(page).toHaveURL(/\/requests$/);
    await expect(page.getByRole('heading', { level: 1, name: T.myRequests })).toBeVisible();
    await waitHydrated(page, testInfo, { jsOverride: js });
  }
}

async function fileRequest(page, testInfo, req, { js = jsEnabled(testInfo), check = false } = {}) {
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  if (check) await checkPage(page, testInfo, 'choose-type');
  await chooseType(page, T.requestType);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=subject]').fill(req.subject);
  await page.locator('textarea[name=description]').fill(req.description);
  if (check) await checkPage(page, testInfo, 'new-request');
  await submitForm(page, page.getByRole('button', { name: T.newRequestSubmit, exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}(\?.*)?$/);
  const code = new URL(page.url()).pathname.split('/').pop();
  await expect(page.getByRole('heading', { level: 1, name: req.subject })).toBeVisible();
  return code;
}

/** The status badge in the request's facts. */
const statusBadge = (page) => page.locator('dl.facts span.badge[class*="status-"]');
const messageWith = (page, side, text) => page.locator(`ol.conversation li.message.${side}`, { hasText: text });

test.describe('the applicant–staff story', () => {
  test('register, file a request, get an answer, answer back', async ({ page, context, browser, problems }, testInfo) => {
    test.setTimeout(150_000);
    const js = jsEnabled(testInfo);
    const applicant = newApplicant();
    const tag = uniqueTag();
    const request = {
      subject: `کد پیامکی ورود به سامانه سجاد نمی‌رسد ${tag}`,
      description:
        'سلام. از دیروز هر بار که می‌خواهم وارد سامانه سجاد شوم، کد تأیید پیامکی برایم ارسال نمی‌شود. ' +
        `شماره همراهم درست ثبت شده است و پیامک‌های دیگر را دریافت می‌کنم. (آزمون ${tag})`,
    };
    const staffReply = `با سلام. مشکل ارسال پیامک برطرف شد؛ لطفاً دوباره برای دریافت کد اقدام کنید. (${tag})`;
    const applicantReply = `سپاسگزارم، کد را دریافت کردم و وارد شدم. (${tag})`;

    await test.step('a. the applicant registers', async () => {
      await register(page, testInfo, applicant, { check: true });
      await checkPage(page, testInfo, 'my-requests-empty');
    });

    let code;
    await test.step('c. the applicant files a request', async () => {
      code = await fileRequest(page, testInfo, request, { check: true });
      expect(code).toMatch(/^\d{10}$/);
      // Soft: a missing notice is reported, and the rest of the story still runs.
      await expect.soft(page.getByText(T.createdNotice), 'the «request filed» notice').toBeVisible();
      const shownCode = page.locator('dd.code');
      await expect(shownCode).toHaveCount(1);
      const codeText = (await shownCode.textContent()).trim();
      expect(codeText, 'the tracking code is written in Persian digits').toMatch(/^[۰-۹][۰-۹\s\-‐–‑]*[۰-۹]$/);
      expect(codeText).not.toMatch(/[0-9]/);
      expect(fromPersianDigits(codeText).replace(/\D/g, ''), 'the displayed code is the one in the URL').toBe(code);
      await expect(statusBadge(page)).toHaveText(T.statusNew);
      const dates = page.locator('article.request time');
      expect(await dates.count()).toBeGreaterThan(0);
      for (const text of await dates.allTextContents()) {
        expect(text, 'dates are Jalali with Persian digits').toMatch(JALALI_DATE);
        expect(text).not.toMatch(/[0-9]/);
      }
      await expect(page.locator('article.request')).toContainText(request.description);
      await checkPage(page, testInfo, 'request-created');
    });

    // The applicant's own list, in a second tab, open while the agent works.
    const listTab = await context.newPage();
    const listItem = listTab.locator('ul.request-list li.request-item', { hasText: request.subject });
    await test.step('c. the new request is in «درخواست‌های من»', async () => {
      await listTab.goto('/requests');
      await waitHydrated(listTab, testInfo);
      await expect(listItem).toHaveCount(1);
      await expect(listItem.locator('span.badge[class*="status-"]')).toHaveText(T.statusNew);
      await expect(listItem.locator('.code')).toHaveText(/^[۰-۹][۰-۹\s\-‐–‑]*$/);
      await checkPage(listTab, testInfo, 'my-requests');
      if (js) {
        await waitLiveConnected(page);
        await waitLiveConnected(listTab);
      }
    });

    const staffContext = await browser.newContext(desktopContextOptions(testInfo));
    await instrumentContext(staffContext, problems, 'staff', { js: true });
    const staff = await staffContext.newPage();
    try {
      await test.step('d. the agent signs in and finds the request in the queue', async () => {
        await staff.goto('/login');
        await waitHydrated(staff, testInfo, { jsOverride: true });
        await staff.locator('input[name=identifier]').fill(DEMO_AGENT.identifier);
        await staff.locator('input[name=password]').fill(DEMO_AGENT.password);
        await submitForm(staff, staff.getByRole('button', { name: T.loginSubmit, exact: true }), '/api/login', true);
        await expect(staff).toHaveURL(/\/staff$/);
        await expect(staff.getByRole('heading', { level: 1, name: T.queueTitle })).toBeVisible();
        await waitHydrated(staff, testInfo, { jsOverride: true });
        // The queue is oldest first; after many runs on one database the request may be on a
        // later page.
        const link = staff.locator('table.queue-table a.subject', { hasText: request.subject });
        for (let pageNo = 1; pageNo <= 50; pageNo += 1) {
          if ((await link.count()) > 0) break;
          const more = staff.getByRole('link', { name: T.more });
          if ((await more.count()) === 0) break;
          await more.click();
          await staff.waitForURL(/\/staff\?/);
          await expect(staff.getByRole('heading', { level: 1, name: T.queueTitle })).toBeVisible();
        }
        await expect(link, 'the new request is listed in the queue').toBeVisible();
        await checkPage(staff, testInfo, 'staff-queue', { js: true, phone: false });
        await link.click();
        await expect(staff).toHaveURL(new RegExp(`/staff/requests/${code}$`));
        await expect(staff.getByRole('heading', { level: 1, name: request.subject })).toBeVisible();
        await expect(staff.locator('article.request')).toContainText(applicant.fullName);
        await checkPage(staff, testInfo, 'staff-request', { js: true, phone: false });
      });

      const halfWritten = `سلام، هنوز منتظر ${tag}`;
      if (js) {
        // The applicant starts writing before the answer arrives; the live update must keep it.
        await page.locator('textarea[name=body]').fill(halfWritten);
      }

      await test.step('d. the agent answers, marking the initial result', async () => {
        await staff.locator('textarea[name=body]').fill(staffReply);
        const initial = staff.locator('#initial_result');
        await expect(staff.getByLabel(T.markInitial)).toBeVisible();
        await initial.check();
        await submitForm(staff, staff.getByRole('button', { name: T.replySubmit, exact: true }), '/api/reply', true);
        await expect(messageWith(staff, 'staff', staffReply)).toBeVisible();
        await expect(statusBadge(staff)).toHaveText(T.statusAnswered);
        await waitLiveConnected(staff);
      });

      await test.step(js ? 'e. the open request page shows the answer live' : 'e. after a reload the applicant sees the answer', async () => {
        if (!js) await page.reload();
        const answer = messageWith(page, 'staff', staffReply);
        await expect(answer, js ? 'the reply appears without reloading' : 'the reply is shown').toBeVisible(LIVE);
        await expect(statusBadge(page)).toHaveText(T.statusAnswered, LIVE);
        await expect(answer.locator('.badge.initial')).toHaveText(T.initialBadge);
        if (js) {
          await expect(page.locator('textarea[name=body]'), 'a half-written reply survives the live update').toHaveValue(halfWritten);
        }
        await checkPage(page, testInfo, 'request-answered');
      });

      await test.step(js ? 'e. «درخواست‌های من» in the other tab updates live' : 'e. «درخواست‌های من» after a reload', async () => {
        if (!js) await listTab.reload();
        await expect(listItem.locator('span.badge[class*="status-"]')).toHaveText(T.statusAnswered, LIVE);
        await checkPage(listTab, testInfo, 'my-requests-answered', { axe: false });
      });

      await test.step('f. the applicant answers back', async () => {
        await page.bringToFront();
        await page.locator('textarea[name=body]').fill(applicantReply);
        await expect(page.locator('#initial_result'), 'applicants cannot mark an initial result').toHaveCount(0);
        await submitForm(page, page.getByRole('button', { name: T.replySubmit, exact: true }), '/api/reply', js);
        if (!js) await page.waitForURL(new RegExp(`/requests/${code}(\\?.*)?$`));
        await expect(messageWith(page, 'applicant', applicantReply)).toBeVisible();
        await expect(messageWith(page, 'staff', staffReply)).toBeVisible();
        await checkPage(page, testInfo, 'request-applicant-replied');
      });

      await test.step('f. the agent sees the applicant’s answer live', async () => {
        await expect(messageWith(staff, 'applicant', applicantReply)).toBeVisible(LIVE);
      });
    } finally {
      await staffContext.close();
      await listTab.close();
    }
    expectNoCrashes(problems);
  });

  test('b. registering with an invalid national code shows why and stays on the form', async ({ page, problems }, testInfo) => {
    const js = jsEnabled(testInfo);
    const who = { ...newApplicant(), identifier: '0499370898' };
    await register(page, testInfo, who, { expectSuccess: false });
    // The message stands beside the field it is about (once: not again above the form), and
    // the field has the focus, so a screen reader reads the message with it.
    const message = page.locator('#identifier-error');
    await expect(message, 'a Persian message beside the national code').toContainText('کد ملی');
    await expect(message).toHaveText(/[\u0600-\u06FF]{3,}/);
    await expect(page.getByText(await message.textContent())).toHaveCount(1);
    await expect(page.locator('input[name=identifier]')).toHaveAttribute('aria-invalid', 'true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('identifier');
    if (js) {
      // The app handled the submission itself: no form post, no redirect.
      await expect(page).toHaveURL(/\/register$/);
    } else {
      // The error waits on the server for the page, never in its address.
      await expect(page).toHaveURL(/\/register$/);
    }
    await expect(page.getByRole('heading', { level: 1, name: T.registerTitle })).toBeVisible();
    await expect(page.locator('input[name=identifier]')).toHaveAttribute('aria-invalid', 'true');
    await checkPage(page, testInfo, 'register-invalid-national-code');
    expectNoCrashes(problems);
  });

  test('an applicant cannot open another applicant’s request', async ({ page, browser, problems }, testInfo) => {
    const ownerContext = await browser.newContext(desktopContextOptions(testInfo));
    await instrumentContext(ownerContext, problems, 'owner', { js: true });
    const tag = uniqueTag();
    const request = {
      subject: `درخواست خصوصی متقاضی دیگر ${tag}`,
      description: `این متن نباید به متقاضی دیگری نشان داده شود. ${tag}`,
    };
    let code;
    try {
      const owner = await ownerContext.newPage();
      await register(owner, testInfo, newApplicant(), { js: true });
      code = await fileRequest(owner, testInfo, request, { js: true });
    } finally {
      await ownerContext.close();
    }

    await register(page, testInfo, newApplicant());
    await page.goto(`/requests/${code}`);
    await waitHydrated(page, testInfo);
    await expect(page.getByText(T.notFound)).toBeVisible();
    await expect(page.getByText(request.subject)).toHaveCount(0);
    await expect(page.getByText(request.description)).toHaveCount(0);
    await checkPage(page, testInfo, 'someone-elses-request');
    expectNoCrashes(problems);
  });
});
