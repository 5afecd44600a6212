// A new request appears in the staff queue without a reload (JavaScript projects only: without
// JavaScript there is nothing to update a page in place).
import {
  closeRequest,
  chooseType,
  signIn,
  DEMO_AGENT,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  instrumentContext,
  jsEnabled,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

// The demo graduate files an MSRT-exam request; the agent watches the queue filtered to new
// requests of that type (the test closes its request again, so the filtered list stays short).
const GRADUATE = { identifier: '0790419904', password: 'poshtiban-demo' };
const MSRT = 'آزمون زبان وزارت علوم (MSRT)';

test('a new request appears in the staff queue live', async ({ browser, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'live updates need JavaScript');
  test.setTimeout(90_000);
  const tag = uniqueTag();
  const subject = `کارت ورود آزمون زبان صادر نشده است ${tag}`;

  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'staff', { js: true });
  const applicantContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(applicantContext, problems, 'applicant', { js: true });
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, testInfo, DEMO_AGENT);
    await expect(staff).toHaveURL(/\/staff$/);
    // Pick the MSRT type in the filter form and apply it.
    await staff.locator('#filter-type').selectOption({ label: MSRT });
    await staff.locator('#filter-status').selectOption('new');
    await staff.getByRole('button', { name: 'اعمال فیلتر' }).click();
    await staff.waitForURL(/\/staff\?.*status=new/);
    await waitHydrated(staff, testInfo, { jsOverride: true });
    await staff.waitForFunction(
      () => (globalThis.__e2eEventSources ?? []).some((es) => es.readyState === 1),
      null,
      { timeout: 15_000 },
    );
    const row = staff.locator('table.queue-table a.subject', { hasText: subject });
    await expect(row).toHaveCount(0);
    const navigations = [];
    staff.on('framenavigated', (f) => f === staff.mainFrame() && navigations.push(f.url()));

    const applicant = await applicantContext.newPage();
    await signIn(applicant, testInfo, GRADUATE);
    await applicant.goto('/requests/new');
    await waitHydrated(applicant, testInfo, { jsOverride: true });
    await chooseType(applicant, MSRT);
    await waitHydrated(applicant, testInfo, { jsOverride: true });
    await applicant.locator('#subject').fill(subject);
    await applicant.locator('#description').fill('کارت ورود جلسه آزمون در سامانه نمایش داده نمی‌شود.');
    await submitForm(applicant, applicant.getByRole('button', { name: 'ثبت درخواست' }), '/api/create_request', true);
    await applicant.waitForURL(/\/requests\/\d{10}/);

    await expect(row, 'the request appears in the open queue without a reload').toBeVisible({ timeout: 5_000 });
    expect(navigations, 'the queue page was not reloaded').toEqual([]);

    // Leave the filtered list as we found it.
    await closeRequest(applicant);
    await expect(row).toHaveCount(0, { timeout: 5_000 });
  } finally {
    await staffContext.close();
    await applicantContext.close();
  }
  expectNoCrashes(problems);
});
