// Nothing typed is lost, Persian reads right, and a returning visit downloads nothing again
// (issue 13, section 1 and the isolation of left-to-right tokens), in every project (desktop,
// 360 px phone, no JavaScript):
//
//   a. a refused sign-up comes back as typed, its error once, beside its field, in focus
//   b. sign-in with an SMS code works without JavaScript, and a refused resend keeps the code box
//   c. a refused request comes back with its answers and names the files to choose again;
//      a long word in a subject never widens a phone's page
//   d. a canned response inserted by staff (with or without JavaScript) never travels in the
//      address and never comes back after the reply is sent; the tracking code in it keeps its
//      order inside the Persian sentence, as Chromium draws it
//   e. static files: hashed names cached as immutable, the rest revalidated with ETags (304)
//   f. what is typed while the page's script is still loading stays when the app takes over
import {
  DEMO_ADMIN,
  DEMO_AGENT,
  chooseType,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  expectNoHorizontalScroll,
  holdTheApp,
  instrumentContext,
  isPhone,
  jsEnabled,
  lastSmsCode,
  newApplicant,
  signIn,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };
// One demo applicant's mobile per project: a mobile gets one text a minute.
const OTP_MOBILE = { desktop: '09121110001', phone: '09121110002', nojs: '09121110003' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const pdf = (name) => ({ name, mimeType: 'application/pdf', buffer: PDF });

/** The name of the element that has the focus. */
const focusedName = (page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? null);

/** The page's address never carries a form's error or its draft. */
function expectCleanAddress(page) {
  const url = new URL(page.url());
  for (const key of ['__err', '__path', 'body', 'canned']) {
    expect(url.searchParams.has(key), `no ${key} in ${url}`).toBe(false);
  }
}

test('a refused sign-up comes back as typed, with its error once and in focus', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const who = newApplicant();
  await page.goto('/register');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=kind][value=graduate]').check();
  await page.locator('input[name=identifier]').fill(who.identifier);
  await page.locator('input[name=full_name]').fill(who.fullName);
  await page.locator('input[name=mobile]').fill(who.mobile);
  await page.locator('input[name=email]').fill('sara@example.com');
  await page.locator('input[name=password]').fill(who.password);
  await page.locator('input[name=password_confirm]').fill(`${who.password}x`);
  await submitForm(page, page.getByRole('button', { name: 'ادامه و دریافت کد تأیید', exact: true }), '/api/register', js);
  const mismatch = 'تکرار رمز عبور با خود رمز یکسان نیست.';
  await expect(page.locator('#password_confirm-error')).toHaveText(mismatch);
  await expect(page.getByText(mismatch), 'the error is shown once, beside its field').toHaveCount(1);
  expectCleanAddress(page);
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.locator('input[name=identifier]')).toHaveValue(who.identifier);
  await expect(page.locator('input[name=full_name]')).toHaveValue(who.fullName);
  await expect(page.locator('input[name=mobile]')).toHaveValue(who.mobile);
  await expect(page.locator('input[name=email]')).toHaveValue('sara@example.com');
  await expect(page.locator('input[name=kind][value=graduate]')).toBeChecked();
  // Without JavaScript the page came back from the server, which never writes a password in.
  if (!js) await expect(page.locator('input[name=password]')).toHaveValue('');
  await expect(page.locator('input[name=password_confirm]')).toHaveAttribute('aria-invalid', 'true');
  await expect.poll(() => focusedName(page), 'the refused field has the focus').toBe('password_confirm');
  expectNoCrashes(problems);
});

test('signing in with an SMS code, and a refused resend that keeps the code box', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await page.goto('/login/otp');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const mobile = OTP_MOBILE[testInfo.project.name];
  await page.locator('input[name=mobile]').fill(mobile);
  await submitForm(page, page.getByRole('button', { name: 'دریافت کد', exact: true }), '/api/request_otp', js);
  const codeBox = page.locator('input[name=code]');
  await expect(codeBox).toBeVisible();
  // Without JavaScript the page came back from the server: the mobile is still in the form.
  await expect(page.locator('input#mobile')).toHaveValue(mobile);
  const code = lastSmsCode(mobile);
  // Within the minute between two texts, a resend is refused: the code box stays.
  await submitForm(page, page.getByRole('button', { name: 'دریافت دوبارهٔ کد', exact: true }), '/api/request_otp', js);
  await expect(page.locator('form').first().locator('.alert.error')).toBeVisible();
  await expect(codeBox).toBeVisible();
  await codeBox.fill(code);
  await submitForm(page, page.getByRole('button', { name: 'ورود', exact: true }), '/api/verify_otp', js);
  await page.waitForURL(/\/requests$/);
  await expect(page.getByRole('heading', { level: 1, name: 'درخواست‌های من' })).toBeVisible();
  expectNoCrashes(problems);
});

test('a refused request keeps what was typed; a canned answer reads right and is sent once', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(180_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const typeTitle = `تمدید مهلت ارسال مدارک ${tag}`;
  // One unbroken word as wide as three phone screens, within the subject's 150 characters.
  const longWord = `https://sajad.saorg.ir/${'pishkhan-darkhast-'.repeat(4)}${tag}`;
  const subject = `نشانی ${longWord} باز نمی‌شود ${tag}`;
  const description = `هنگام باز کردن این نشانی خطا می‌گیرم و نمی‌توانم مدارکم را بفرستم. ${tag}`;

  const staffContext = await browser.newContext({ ...desktopContextOptions(testInfo), javaScriptEnabled: js });
  await instrumentContext(staffContext, problems, 'staff', { js });
  try {
    await test.step('the admin gives a type a date field', async () => {
      const adminContext = await browser.newContext(desktopContextOptions(testInfo));
      await instrumentContext(adminContext, problems, 'admin', { js: true });
      const admin = await adminContext.newPage();
      await signIn(admin, testInfo, DEMO_ADMIN);
      await admin.goto('/admin/types');
      await waitHydrated(admin, testInfo, { jsOverride: true });
      const form = admin.locator('section', { has: admin.getByRole('heading', { name: 'افزودن نوع درخواست' }) });
      await form.locator('input[name=title]').fill(typeTitle);
      await form.locator('textarea[name=description]').fill('درخواست تمدید مهلت ارسال مدارک.');
      await form.locator('select[name=group_id]').selectOption({ index: 1 });
      await form.locator('input[name=initial_result_days]').fill('2');
      await submitForm(admin, form.getByRole('button', { name: 'ذخیره' }), '/api/save_type', true);
      await admin.getByRole('link', { name: typeTitle }).click();
      await admin.waitForURL(/\/admin\/types\/\d+$/);
      await waitHydrated(admin, testInfo, { jsOverride: true });
      const f = admin.locator('form', { has: admin.locator('#new-label') });
      await f.locator('#new-label').fill('تاریخ پایان مهلت');
      await f.locator('#new-kind').selectOption('jalali_date');
      await f.locator('#new-required').check();
      await submitForm(admin, f.getByRole('button', { name: 'ذخیره' }), '/api/save_field', true);
      await expect(admin.locator('ol.field-list summary', { hasText: 'تاریخ پایان مهلت' })).toBeVisible();
      await adminContext.close();
    });

    let code;
    await test.step('a refused request comes back as typed', async () => {
      await signInAs(page, testInfo, STUDENT, js);
      await page.goto('/requests/new');
      await waitHydrated(page, testInfo, { jsOverride: js });
      await chooseType(page, typeTitle);
      await waitHydrated(page, testInfo, { jsOverride: js });
      await page.locator('input[name=subject]').fill(subject);
      await page.locator('textarea[name=description]').fill(description);
      const date = page.getByLabel('تاریخ پایان مهلت (الزامی)');
      await date.fill('۱۴۰۴/۱۳/۴۰');
      await page.locator('input[name=files]').setInputFiles(pdf('madarek.pdf'));
      await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
      await expect(date).toHaveAttribute('aria-invalid', 'true');
      const dateError = page.locator('.field', { has: date }).locator('.field-error');
      await expect(dateError).toContainText('تاریخ پایان مهلت');
      await expect(page.locator('.form-alert-slot .alert'), 'the error is not repeated above the form').toHaveCount(0);
      expectCleanAddress(page);
      await expect(page.locator('input[name=subject]')).toHaveValue(subject);
      await expect(page.locator('textarea[name=description]')).toHaveValue(description);
      await expect(date).toHaveValue('۱۴۰۴/۱۳/۴۰');
      await expect.poll(() => focusedName(page), 'the refused answer has the focus').toMatch(/^field_\d+$/);
      if (js) {
        // The page never left: the chosen file is still chosen.
        expect(await page.locator('input[name=files]').evaluate((i) => i.files.length)).toBe(1);
      } else {
        // A browser cannot be handed a file back: the page names it to be chosen again.
        await expect(page.getByText('لطفاً این فایل‌ها را دوباره انتخاب کنید')).toBeVisible();
        await expect(page.locator('.alert.info li')).toHaveText('madarek.pdf');
        await page.locator('input[name=files]').setInputFiles(pdf('madarek.pdf'));
      }
      await date.fill('۱۴۰۵/۰۱/۱۵');
      await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
      await page.waitForURL(/\/requests\/\d{10}(\?.*)?$/);
      code = new URL(page.url()).pathname.split('/').pop();
      await expect(page.getByRole('link', { name: 'madarek.pdf' })).toBeVisible();
      if (isPhone(testInfo)) {
        await expectNoHorizontalScroll(page, testInfo, 'a request with a long word in its subject');
        await page.goto('/requests');
        await expectNoHorizontalScroll(page, testInfo, 'a list with a long word in a subject');
      }
    });

    await test.step('staff insert a canned answer; it is sent once', async () => {
      const staff = await staffContext.newPage();
      await signInAs(staff, testInfo, DEMO_AGENT, js);
      await staff.goto(`/staff/requests/${code}`);
      await waitHydrated(staff, testInfo, { jsOverride: js });
      const body = staff.locator('textarea[name=body]');
      await body.fill(`با سلام. ${tag}`);
      await staff.getByLabel('پاسخ آماده').selectOption({ label: 'دریافت درخواست و بررسی' });
      await staff.getByRole('button', { name: 'درج در متن پاسخ' }).click();
      await expect(body).toHaveValue(new RegExp(`^با سلام. ${tag}\nزهرا احمدی گرامی، درخواست شما با کد رهگیری`));
      expectCleanAddress(staff);
      await expect(staff.locator('input[name=mode][value=answer]'), 'a reply type is chosen').toBeChecked();
      await submitForm(staff, staff.getByRole('button', { name: 'ارسال پاسخ' }), '/api/reply', js);
      await expect(staff.locator('li.message.staff', { hasText: `با سلام. ${tag}` })).toBeVisible();
      // Every action is confirmed, with JavaScript and without.
      await expect(staff.locator('.confirmation-slot')).toHaveText('پیام شما ثبت شد.');
      expectCleanAddress(staff);
      await expect(body, 'the sent reply does not come back').toHaveValue('');
      await staff.reload();
      // Once the app runs there too: a draft it kept would be back in the box by then.
      await waitHydrated(staff, testInfo, { jsOverride: js });
      await expect(staff.locator('textarea[name=body]')).toHaveValue('');
    });

    await test.step('the tracking code keeps its order inside the Persian sentence', async () => {
      await page.goto(`/requests/${code}`);
      await waitHydrated(page, testInfo, { jsOverride: js });
      const message = page.locator('li.message.staff .message-body', { hasText: tag });
      await expect(message).toBeVisible();
      // The code as the canned text writes it: three groups of Persian digits. Measure where
      // Chromium draws each group: left to right, first group leftmost.
      const lefts = await message.evaluate((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const m = node.data.match(/([۰-۹]+)-([۰-۹]+)-([۰-۹]+)/);
          if (!m) continue;
          const out = [];
          let at = m.index;
          for (const group of m.slice(1)) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + group.length);
            out.push(range.getBoundingClientRect().left);
            at += group.length + 1;
          }
          return out;
        }
        return null;
      });
      expect(lefts, 'the tracking code is in the answer').not.toBeNull();
      expect(lefts[0], 'the first group is drawn leftmost').toBeLessThan(lefts[1]);
      expect(lefts[1]).toBeLessThan(lefts[2]);
    });
  } finally {
    await staffContext.close();
  }
  expectNoCrashes(problems);
});

test('what is typed while the page’s script loads stays when the app takes over', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript nothing takes the page over');
  // A box whose shown value the app keeps in a signal (the mobile on the SMS sign-in page).
  let release = await holdTheApp(page);
  await page.goto('/login/otp');
  await page.locator('input[name=mobile]').fill('09121110009');
  await release();
  await waitHydrated(page, testInfo);
  await expect(page.locator('input[name=mobile]')).toHaveValue('09121110009');

  // A new request's subject and description, typed before the app started.
  await signInAs(page, testInfo, STUDENT, true);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo);
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo);
  release = await holdTheApp(page);
  await page.reload();
  const subject = `نوشته پیش از آماده شدن صفحه ${uniqueTag()}`;
  const description = 'این متن پیش از آن‌که برنامهٔ صفحه بار شود نوشته شد و نباید پاک شود.';
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill(description);
  await release();
  await waitHydrated(page, testInfo);
  await expect(page.locator('input[name=subject]')).toHaveValue(subject);
  await expect(page.locator('textarea[name=description]')).toHaveValue(description);

  // The search box of the applicant's list, which follows the address once the app runs.
  release = await holdTheApp(page);
  await page.goto('/requests');
  await page.locator('input#filter-q').fill('پیامک');
  await release();
  await waitHydrated(page, testInfo);
  await expect(page.locator('input#filter-q')).toHaveValue('پیامک');
  expectNoCrashes(problems);
});

test('static files: hashed names are immutable, the rest revalidate', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one browser is enough for HTTP headers');
  await page.goto('/');
  const css = await page.locator('link[rel=stylesheet]').first().getAttribute('href');
  expect(css, 'the stylesheet name carries its hash').toMatch(/^\/pkg\/poshtiban\.[^.]+\.css$/);
  const first = await page.request.get(css);
  expect(first.status()).toBe(200);
  expect(first.headers()['cache-control']).toContain('immutable');
  const scripts = await page.locator('link[rel=modulepreload], link[rel=preload]').evaluateAll((ls) => ls.map((l) => l.getAttribute('href')));
  const bundle = scripts.filter((h) => h?.startsWith('/pkg/'));
  expect(bundle.length, 'the script and the WASM are preloaded').toBeGreaterThan(0);
  for (const href of bundle) {
    // A visitor's page loads the applicants' bundle (the staff pages left out).
    expect(href).toMatch(/^\/pkg\/poshtiban-applicant\.[^.]+\.(js|wasm)$/);
    expect((await page.request.head(href)).headers()['cache-control']).toContain('immutable');
  }
  const font = await page.request.get('/fonts/Vazirmatn-Regular-core.woff2');
  expect(font.status()).toBe(200);
  const etag = font.headers().etag;
  expect(etag, 'a font carries an ETag').toBeTruthy();
  expect(font.headers()['cache-control']).toBe('no-cache');
  const again = await page.request.get('/fonts/Vazirmatn-Regular-core.woff2', { headers: { 'if-none-match': etag } });
  expect(again.status(), 'an unchanged file is answered 304').toBe(304);
});
