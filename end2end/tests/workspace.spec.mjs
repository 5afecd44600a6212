// The agents' workspace (issue 13, section 5): the queue as a dense sortable table with views and
// live counts beside it, a result count, select-all and a bulk bar that stays in reach; a request
// page with the conversation first, the properties in a side panel that saves on change (one form
// without JavaScript), previous and next requests of the same list, and the applicant's other
// requests. Staff work on a desktop: the desktop and no-JavaScript projects run it.
import {
  DEMO_AGENT,
  checkPage,
  expect,
  expectNoCrashes,
  holdTheApp,
  isPhone,
  jsEnabled,
  signInAs,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };

/** The demo student's requests API, signed in (the app's own endpoints, no page). */
async function studentRequests(browser, testInfo) {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  const login = await context.request.post('/api/login', {
    headers: { accept: 'application/json' },
    form: STUDENT,
  });
  expect(login.status(), await login.text()).toBe(200);
  return context;
}

/** Files `subjects` as the demo student; returns their codes. */
async function fileAsStudent(browser, testInfo, subjects) {
  const context = await studentRequests(browser, testInfo);
  try {
    const codes = [];
    for (const subject of subjects) {
      const res = await context.request.post('/api/create_request', {
        headers: { accept: 'application/json' },
        multipart: { type_id: '1', subject, description: 'کد تأیید پیامکی برای ورود به سامانه ارسال نمی‌شود.' },
      });
      expect(res.status(), await res.text()).toBe(200);
      codes.push(JSON.parse(await res.text()));
    }
    return codes;
  } finally {
    await context.close();
  }
}

const digits = (s) => Number(s.replace(/[۰-۹]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)).replace(/[^0-9]/g, ''));

test('the queue: views with counts, a result count, sortable columns, select-all and a bulk bar in reach', async ({ page, problems }, testInfo) => {
  test.skip(isPhone(testInfo), 'staff work on a desktop; the phone layout of the queue is in phone.spec');
  const js = jsEnabled(testInfo);
  // At least one request nobody has taken yet.
  await fileAsStudent(page.context().browser(), testInfo, [`صف بدون کارشناس ${uniqueTag()}`]);
  await signInAs(page, testInfo, DEMO_AGENT, js);
  await page.goto('/staff');
  await waitHydrated(page, testInfo, { jsOverride: js });

  const views = page.getByRole('navigation', { name: 'نماها' });
  const unassigned = views.getByRole('link', { name: /^بدون کارشناس/ });
  await expect(unassigned).toBeVisible();
  await expect(views.getByRole('link', { name: /^همهٔ درخواست‌های باز/ })).toHaveAttribute('aria-current', 'page');
  await unassigned.click();
  await page.waitForURL(/\/staff\?assignee=none$/);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(views.getByRole('link', { name: /^بدون کارشناس/ })).toHaveAttribute('aria-current', 'page');
  // The list says how many it found: the view's own count (both from one answer).
  await expect(page.locator('.result-count')).toHaveText(/درخواست$/);
  const held = digits(await views.getByRole('link', { name: /^بدون کارشناس/ }).locator('.count').innerText());
  expect(digits(await page.locator('.result-count').innerText())).toBe(held);

  // Sorting by the filed column: newest first, said on the column.
  const table = page.locator('table.queue-table');
  const filed = table.locator('thead th', { hasText: 'ثبت' });
  await expect(filed).toHaveAttribute('aria-sort', 'ascending');
  await filed.getByRole('link').click();
  await page.waitForURL(/sort=newest/);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(table.locator('thead th', { hasText: 'ثبت' })).toHaveAttribute('aria-sort', 'descending');

  const pickAll = page.getByRole('checkbox', { name: 'انتخاب همهٔ درخواست‌های این صفحه' });
  if (js) {
    await pickAll.check();
    const boxes = table.locator('tbody input[type=checkbox]');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) await expect(box).toBeChecked();
    await pickAll.uncheck();
    await expect(boxes.first()).not.toBeChecked();
  } else {
    await expect(pickAll, 'without its script the box is not offered').toBeHidden();
  }
  expect(await page.locator('.bulk-bar').evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
  // The page uses a desktop's width: views beside the table, not above it.
  const side = await page.locator('.queue-side').boundingBox();
  const main = await page.locator('.queue-main').boundingBox();
  expect(side.x, 'the views sit at the right, in a column of their own').toBeGreaterThan(main.x + main.width - 1);
  await checkPage(page, testInfo, 'staff-queue-table', { phone: false });
  expectNoCrashes(problems);
});

test('a request page: conversation first, properties beside it saving on change, previous and next, the applicant’s other requests', async ({ page, browser, problems }, testInfo) => {
  test.skip(isPhone(testInfo), 'staff work on a desktop');
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const codes = await fileAsStudent(browser, testInfo, [`ورود ناموفق یک ${tag}`, `ورود ناموفق دو ${tag}`, `ورود ناموفق سه ${tag}`]);
  await signInAs(page, testInfo, DEMO_AGENT, js);
  // The queue filtered to these three, newest first.
  await page.goto(`/staff?q=${encodeURIComponent(tag)}`);
  await waitHydrated(page, testInfo, { jsOverride: js });
  const links = page.locator('table.queue-table a.subject');
  await expect(links).toHaveCount(3);
  await links.nth(1).click();
  await page.waitForURL(new RegExp(`/staff/requests/${codes[1]}\\?queue=`));
  await waitHydrated(page, testInfo, { jsOverride: js });

  // Conversation first, the properties in a column beside it.
  const side = await page.locator('aside.request-side').boundingBox();
  const main = await page.locator('.request-main').boundingBox();
  expect(side.x + side.width, 'the side panel is to the left, in RTL after the conversation').toBeLessThanOrEqual(main.x + 1);
  await expect(page.locator('.request-main h1')).toHaveText(`ورود ناموفق دو ${tag}`);
  await expect(page.locator('.request-main textarea[name=body]')).toBeVisible();

  // The applicant's other requests, one click away.
  const others = page.getByRole('region', { name: 'درخواست‌های دیگر این متقاضی' });
  await expect(others.getByRole('link', { name: `ورود ناموفق یک ${tag}` })).toBeVisible();

  // A property changes: with JavaScript the select saves at once, without it the one button.
  const priority = page.locator('select#priority');
  // With JavaScript the save is under way once the select changes: a reload before it arrives
  // would cancel it, as it would a person's.
  const saved = () => page.waitForResponse((r) => new URL(r.url()).pathname === '/api/update_properties');
  let saving = js && saved();
  await priority.selectOption('2');
  if (js) {
    await expect(page.getByRole('button', { name: 'ذخیرهٔ ویژگی‌ها' })).toBeHidden();
    expect((await saving).status()).toBe(200);
  } else {
    await page.getByRole('button', { name: 'ذخیرهٔ ویژگی‌ها' }).click();
    await page.waitForURL(new RegExp(`/staff/requests/${codes[1]}`));
  }
  await expect(page.locator('.confirmation-slot'), 'the save is confirmed').toHaveText('ویژگی‌های درخواست ذخیره شد.');
  await expect(async () => {
    await page.reload();
    await expect(page.locator('select#priority')).toHaveValue('2');
  }).toPass({ timeout: 10_000 });
  await checkPage(page, testInfo, 'staff-request-side-panel', { phone: false });
  await waitHydrated(page, testInfo, { jsOverride: js });

  // Taken by the agent; the applicant writes again: the queue marks it new.
  saving = js && saved();
  await page.locator('select#assignee').selectOption('me');
  if (js) expect((await saving).status()).toBe(200);
  else await page.getByRole('button', { name: 'ذخیرهٔ ویژگی‌ها' }).click();
  await expect(async () => {
    await page.reload();
    await expect(page.locator('select#assignee option:checked')).not.toHaveText('بدون کارشناس');
  }).toPass({ timeout: 10_000 });
  // Away from the request: what arrives while its page is on screen is seen there.
  await page.goto(`/staff?q=${encodeURIComponent(tag)}`);
  const student = await studentRequests(browser, testInfo);
  try {
    const wrote = await student.request.post('/api/reply', {
      headers: { accept: 'application/json' },
      multipart: { code: codes[1], body: 'هنوز هم پیامک نمی‌رسد؛ لطفاً پیگیری کنید.' },
    });
    expect(wrote.status(), await wrote.text()).toBe(200);
  } finally {
    await student.close();
  }
  await page.reload();
  const written = page.locator('table.queue-table tbody tr', { hasText: `ورود ناموفق دو ${tag}` });
  await expect(written.locator('.badge.news'), 'the queue marks what is new').toHaveText('تازه');
  await page.goBack();
  await waitHydrated(page, testInfo, { jsOverride: js });

  // Previous and next in the list it came from (newest first: «سه», then «دو», then «یک»).
  await page.getByRole('link', { name: 'درخواست بعدی' }).click();
  await page.waitForURL(new RegExp(`/staff/requests/${codes[0]}\\?queue=`));
  await expect(page.locator('.request-main h1')).toHaveText(`ورود ناموفق یک ${tag}`);
  await expect(page.getByRole('link', { name: 'درخواست بعدی' }), 'the last of the list').toHaveCount(0);
  await page.getByRole('link', { name: 'درخواست قبلی' }).click();
  await page.waitForURL(new RegExp(`/staff/requests/${codes[1]}\\?queue=`));
  await page.getByRole('link', { name: 'بازگشت به کارتابل' }).click();
  await page.waitForURL(/\/staff\?q=/);
  await expect(links).toHaveCount(3);
  expectNoCrashes(problems);
});

test('a property chosen while the page’s script loads is saved when the app takes over', async ({ page, browser, problems }, testInfo) => {
  test.skip(isPhone(testInfo) || !jsEnabled(testInfo), 'the one button saves it without JavaScript; staff work on a desktop');
  const [code] = await fileAsStudent(browser, testInfo, [`اولویت پیش از آماده شدن ${uniqueTag()}`]);
  await signInAs(page, testInfo, DEMO_AGENT, true);
  // The page is on screen with its one button; the agent picks a priority before the app starts.
  const release = await holdTheApp(page);
  await page.goto(`/staff/requests/${code}`);
  await expect(page.getByRole('button', { name: 'ذخیرهٔ ویژگی‌ها' })).toBeVisible();
  await page.locator('select#priority').selectOption('3');
  const saving = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/update_properties');
  await release();
  await waitHydrated(page, testInfo);
  expect((await saving).status()).toBe(200);
  await expect(page.locator('.confirmation-slot')).toHaveText('ویژگی‌های درخواست ذخیره شد.');
  // The app takes over and hides the button: the choice is saved rather than silently dropped.
  await expect(page.getByRole('button', { name: 'ذخیرهٔ ویژگی‌ها' })).toBeHidden();
  await expect(page.locator('select#priority')).toHaveValue('3');
  await expect(async () => {
    await page.reload();
    await expect(page.locator('select#priority')).toHaveValue('3');
  }).toPass({ timeout: 10_000 });
  expectNoCrashes(problems);
});
