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
  fromPersianDigits,
  instrumentContext,
  jsEnabled,
  newApplicant,
  registerApplicant,
  signIn,
  submitForm,
  test,
  toPersianDigits,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

/** A new applicant files a request about SMS codes; returns its subject and tracking code. */
async function fileRequest(page, testInfo, js, subjectText, description) {
  await registerApplicant(page, testInfo, newApplicant(), js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const subject = `${subjectText} ${uniqueTag()}`;
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill(description);
  await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}/);
  return { subject, code: new URL(page.url()).pathname.split('/').pop() };
}

test('a staff answer is new to the applicant until they open it', async ({ page, browser, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const { subject, code } = await fileRequest(
    page, testInfo, js, 'پیامک تأیید نمی‌رسد', 'کد تأیید ورود به سامانه برای من پیامک نمی‌شود.',
  );
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

// An applicant who filed (here through the app's own endpoint, as a script or a second tab
// would) and never opened the request: the answer is new on its page too, as in the list.
test('an answer to a request its applicant never opened is new on its page', async ({ page, browser, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await registerApplicant(page, testInfo, newApplicant(), js);
  const subject = `کد تأیید دیر می‌رسد ${uniqueTag()}`;
  const filed = await page.request.post('/api/create_request', {
    headers: { accept: 'application/json' },
    multipart: { type_id: '1', subject, description: 'کد تأیید چند دقیقه دیرتر از مهلتش می‌رسد.' },
  });
  expect(filed.status(), await filed.text()).toBe(200);
  const code = JSON.parse(await filed.text());
  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'staff', { js: true });
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, testInfo, DEMO_AGENT);
    const answered = await staff.request.post('/api/reply', {
      headers: { accept: 'application/json' },
      multipart: { code, body: 'پیامک‌ها دوباره به‌موقع فرستاده می‌شوند.', mode: 'answer' },
    });
    expect(answered.status(), await answered.text()).toBe(200);
  } finally {
    await staffContext.close();
  }
  await page.goto(`/requests/${code}`);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.locator('li.message.staff').locator('.badge.news'), 'the answer is marked').toBeVisible();
  expectNoCrashes(problems);
});

// Staff (with JavaScript; without it the queue marks new rows): the queue's link in the header
// counts the requests assigned to them that changed since they last looked, and so does the tab.
test('an applicant reply is counted on the agent’s header until they open the request', async ({ page, browser, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the staff header counts with JavaScript');
  const { code } = await fileRequest(
    page, testInfo, true, 'کد یک‌بارمصرف نمی‌رسد', 'پیامک کد یک‌بارمصرف برای ورود به دستم نمی‌رسد.',
  );

  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'staff', { js: true });
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, testInfo, DEMO_AGENT);
    // The agent takes it and looks at it once: nothing about it is new to them now.
    const taken = await staff.request.post('/api/update_properties', {
      headers: { accept: 'application/json' },
      form: { code, assignee: 'me' },
    });
    expect(taken.status(), await taken.text()).toBe(200);
    await staff.goto(`/staff/requests/${code}`);
    await waitHydrated(staff, testInfo);
    const firstCount = staff.waitForResponse((r) => r.url().includes('/api/news_count'));
    await staff.goto('/staff');
    await waitHydrated(staff, testInfo);
    await firstCount;
    // The page listens for live updates.
    await staff.waitForFunction(() => (globalThis.__e2eEventSources ?? []).some((es) => es.readyState === 1));
    const badge = staff.locator('.site-header a[href="/staff"] .news-count');
    // What else is new to the demo agent (the demo's requests assigned to them) stays as it is.
    const count = async () => ((await badge.isVisible()) ? Number(fromPersianDigits(await badge.innerText())) : 0);
    const before = await count();

    // The applicant adds a message.
    const replied = await page.request.post('/api/reply', {
      headers: { accept: 'application/json' },
      multipart: { code, body: 'هنوز هم پیامکی نرسیده است.' },
    });
    expect(replied.status(), await replied.text()).toBe(200);
    await expect.poll(count, { message: 'the header counts it, live' }).toBe(before + 1);
    await expect(badge).toBeVisible();
    await expect(staff).toHaveTitle(new RegExp(`^\\(${toPersianDigits(before + 1)}\\) `));

    await staff.goto(`/staff/requests/${code}`);
    await waitHydrated(staff, testInfo);
    await expect.poll(count, { message: 'opened: no longer new' }).toBe(before);
  } finally {
    await staffContext.close();
  }
  expectNoCrashes(problems);
});

