// The SLA reports in the browser: the supervisors' dashboard and the public figures in every
// project (desktop, 360 px phone, no JavaScript), and a breach appearing live on the dashboard
// and in the queue (desktop with JavaScript).
import { execFileSync } from 'node:child_process';
import {
  closeRequest,
  chooseType,
  checkPage,
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

const SUPERVISOR = { identifier: '0023456787', password: 'poshtiban-demo' };
const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };
const TYPE = 'مشکل پرداخت';

test('a supervisor reads the SLA dashboard and anyone reads the public figures', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await page.goto('/sla');
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1, name: 'کارنامهٔ پاسخ‌گویی' })).toBeVisible();
  await expect(page.getByText('وعده:').first()).toBeVisible();
  await expect(page.locator('figure.chart-box svg[role=img]').first()).toBeVisible();
  await checkPage(page, testInfo, 'sla-public');

  await signInAs(page, testInfo, SUPERVISOR, js);
  await page.goto('/staff/sla');
  await waitHydrated(page, testInfo);
  await expect(page.getByRole('heading', { level: 1, name: 'پایش توافق سطح خدمت' })).toBeVisible();
  await expect(page.getByTestId('sla-breached-now')).toBeVisible();
  await expect(page.locator('figure.chart-box svg[role=img]').first()).toBeVisible();
  await checkPage(page, testInfo, 'sla-dashboard');

  // The month is a plain GET form: bookmarkable, and it works without JavaScript.
  const options = page.locator('#sla-month option');
  const previous = await options.nth(1).getAttribute('value');
  await page.locator('#sla-month').selectOption(previous);
  await page.getByRole('button', { name: 'نمایش' }).click();
  await page.waitForURL(new RegExp(`/staff/sla\\?month=${previous}$`));
  await expect(page.locator('#sla-month')).toHaveValue(previous);

  // The export is a download for supervisors.
  const res = await page.request.get(`/staff/sla/export.csv?month=${previous}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment/);
  expectNoCrashes(problems);
});

test('a breach appears on the dashboard and in the queue without a reload', async ({ browser, problems }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one live run is enough; it ages a request in the database');
  test.setTimeout(90_000);
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database (scripts/test.sh sets it)').toBeTruthy();
  const tag = uniqueTag();
  const subject = `رسید پرداخت صادر نشد ${tag}`;

  const applicantContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(applicantContext, problems, 'applicant', { js: true });
  const staffContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(staffContext, problems, 'supervisor', { js: true });
  try {
    const applicant = await applicantContext.newPage();
    await signIn(applicant, testInfo, STUDENT);
    await applicant.goto('/requests/new');
    await waitHydrated(applicant, testInfo, { jsOverride: true });
    await chooseType(applicant, TYPE);
    await waitHydrated(applicant, testInfo, { jsOverride: true });
    await applicant.locator('#subject').fill(subject);
    await applicant.locator('#description').fill('مبلغ از حساب کسر شد ولی رسید پرداخت صادر نشد.');
    await submitForm(applicant, applicant.getByRole('button', { name: 'ثبت درخواست' }), '/api/create_request', true);
    await applicant.waitForURL(/\/requests\/\d{10}/);
    const code = applicant.url().match(/\/requests\/(\d{10})/)[1];

    const dashboard = await staffContext.newPage();
    await signIn(dashboard, testInfo, SUPERVISOR);
    await dashboard.goto('/staff/sla');
    await waitHydrated(dashboard, testInfo, { jsOverride: true });
    const queue = await staffContext.newPage();
    await queue.goto(`/staff?q=${encodeURIComponent(tag)}`);
    await waitHydrated(queue, testInfo, { jsOverride: true });
    for (const p of [dashboard, queue]) {
      await p.waitForFunction(
        () => (globalThis.__e2eEventSources ?? []).some((es) => es.readyState === 1),
        null,
        { timeout: 15_000 },
      );
    }
    const row = queue.locator('table.queue-table tbody tr', { hasText: subject });
    await expect(row.locator('.badge.sla-running')).toBeVisible();
    const breached = dashboard.getByTestId('sla-breached-now');
    const digits = (s) => Number(s.replace(/[۰-۹]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));
    const before = digits(await breached.innerText());
    const navigations = [];
    for (const p of [dashboard, queue]) {
      p.on('framenavigated', (f) => f === p.mainFrame() && navigations.push(f.url()));
    }

    // The request has waited a month: its clock started 30 days ago. The scheduler (every
    // second in this suite) finds it past due, records the breach and tells staff live.
    const month = 30 * 24 * 3600 * 1000;
    execFileSync('sqlite3', [
      '-cmd', '.timeout 10000', database,
      `UPDATE requests SET clock_start_at = clock_start_at - ${month}, ir_warn_at = ir_warn_at - ${month}, ` +
        `ir_due_at = ir_due_at - ${month}, res_warn_at = res_warn_at - ${month}, ` +
        `res_due_at = res_due_at - ${month}, sla_next_at = sla_next_at - ${month} ` +
        `WHERE tracking_code = '${code}';`,
    ]);

    await expect(row.locator('.badge.sla-breached'), 'the queue shows the breach').toBeVisible({ timeout: 15_000 });
    await expect
      // The dashboard refetches at most every ten seconds (a burst of events costs one read).
      .poll(async () => digits(await breached.innerText()), { message: 'the dashboard counts it', timeout: 25_000 })
      .toBe(before + 1);
    expect(navigations, 'neither page was reloaded').toEqual([]);
    await checkPage(dashboard, testInfo, 'sla-dashboard-breach', { js: true, phone: false });

    // The applicant closes it; the queue follows, still without a reload.
    await closeRequest(applicant);
    await expect(row.locator('span.badge[class*="status-closed"]')).toBeVisible({ timeout: 10_000 });
    expect(navigations).toEqual([]);
  } finally {
    await applicantContext.close();
    await staffContext.close();
  }
  expectNoCrashes(problems);
});
