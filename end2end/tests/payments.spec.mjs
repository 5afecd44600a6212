// Paying a request's fee (issue 14, section 2), in every project (desktop, 360 px phone, no
// JavaScript): a student sees the fee of a fee-bearing service before filing, files it, is sent
// to the gateway (the project's simulator on loopback), pays, comes back to the request with the
// clock running and the receipt; a cancelled payment is said so and paid again. The redirects
// are plain, so the whole flow works without JavaScript; each page passes axe-core and fits a
// phone.
import {
  DEMO_ADMIN,
  checkPage,
  chooseType,
  expect,
  expectNoCrashes,
  jsEnabled,
  newApplicant,
  registerApplicant,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

// The demo's tariff for students (server::platform::seed::DEMO_TARIFFS).
const SERVICE = 'گواهی اشتغال به تحصیل';

async function fileFeeRequest(page, testInfo, js) {
  await registerApplicant(page, testInfo, newApplicant(), js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, SERVICE);
  await waitHydrated(page, testInfo, { jsOverride: js });
  // A reload is what the page looks like to the browser's own start: the fee arrives with the
  // form on the server, and the app does not ask again once it starts (a second answer would
  // re-render the form over a restored draft).
  const asked = [];
  const watch = (req) => { if (new URL(req.url()).pathname.startsWith('/api/type_')) asked.push(req.url()); };
  page.on('request', watch);
  await page.reload();
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.waitForTimeout(300);
  page.off('request', watch);
  expect(asked, 'nothing of the form is fetched again after the page starts').toEqual([]);
  const fee = page.locator('section.fee-box');
  await expect(fee, 'the fee is shown before filing').toContainText('۱۵۰٬۰۰۰ ریال');
  await expect(fee).toContainText('۱۵٬۰۰۰ تومان');
  await expect(fee).toContainText('یکصد و پنجاه هزار ریال');
  await checkPage(page, testInfo, 'new-request-fee');
  const subject = `گواهی برای بنیاد ملی نخبگان ${uniqueTag()}`;
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill('گواهی اشتغال به تحصیل برای ارائه به بنیاد ملی نخبگان لازم دارم.');
  await submitForm(page, page.getByRole('button', { name: 'ثبت و پرداخت', exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}/);
  return new URL(page.url()).pathname.split('/')[2];
}

/** Presses the pay button and an outcome on the simulator's page; waits to be back. */
async function payAtGateway(page, buttonName, outcome, code) {
  await page.getByRole('button', { name: buttonName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'درگاه پرداخت آزمایشی' })).toBeVisible();
  await expect(page.locator('main')).toContainText('۱۵۰٬۰۰۰ ریال');
  await page.getByRole('button', { name: outcome, exact: true }).click();
  await page.waitForURL(new RegExp(`/requests/${code}\\?payment=`));
}

test('a student pays a fee through the gateway and gets a receipt with the clock running', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const code = await fileFeeRequest(page, testInfo, js);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.locator('.request-head .badge.status-awaiting_payment')).toHaveText('در انتظار پرداخت');
  const box = page.locator('section.payment');
  await expect(box).toContainText('یکصد و پنجاه هزار ریال');
  await expect(box).toContainText('اگر تا');
  await expect(page.locator('textarea[name=body]'), 'no messages before paying').toHaveCount(0);
  await expect(page.locator('.request-head'), 'no clock before paying').not.toContainText('موعد اعلام نتیجهٔ اولیه');
  await checkPage(page, testInfo, 'request-awaiting-payment');

  await payAtGateway(page, 'پرداخت آنلاین', 'پرداخت موفق', code);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('status').filter({ hasText: 'هزینه پرداخت شد' })).toBeVisible();
  await expect(page.locator('.request-head .badge.status-new')).toBeVisible();
  await expect(page.locator('.request-head'), 'the clock runs from the payment').toContainText('موعد اعلام نتیجهٔ اولیه');
  await expect(page.getByRole('button', { name: 'پرداخت آنلاین' })).toHaveCount(0);
  await checkPage(page, testInfo, 'request-paid');

  await page.getByRole('link', { name: 'رسید پرداخت' }).first().click();
  await page.waitForURL(`/requests/${code}/receipt`);
  const receipt = page.locator('article.receipt');
  await expect(receipt).toContainText('۱۵۰٬۰۰۰ ریال');
  await expect(receipt).toContainText('یکصد و پنجاه هزار ریال');
  await expect(receipt).toContainText('سازمان امور دانشجویان');
  await expect(receipt).toContainText('۵۰۲۲۲۹******۵۹۹۵');
  await expect(receipt.locator('dd.code').first()).toBeVisible();
  await checkPage(page, testInfo, 'receipt');
  expectNoCrashes(problems);
});

test('a cancelled payment is said so and the student pays again', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const code = await fileFeeRequest(page, testInfo, js);
  await payAtGateway(page, 'پرداخت آنلاین', 'انصراف', code);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('alert').filter({ hasText: 'پرداخت انجام نشد' })).toBeVisible();
  await expect(page.locator('table.payments tbody tr')).toHaveCount(1);
  await expect(page.locator('table.payments')).toContainText('ناموفق');
  await checkPage(page, testInfo, 'payment-cancelled');

  await payAtGateway(page, 'پرداخت دوباره', 'پرداخت موفق', code);
  await expect(page.locator('.request-head .badge.status-new')).toBeVisible();
  await expect(page.locator('table.payments tbody tr')).toHaveCount(2);
  expectNoCrashes(problems);
});

test('the finance report opens with the exceptions first and exports', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signInAs(page, testInfo, DEMO_ADMIN, js);
  await page.goto('/staff/payments');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('heading', { level: 1, name: 'گزارش پرداخت‌ها' })).toBeVisible();
  const headings = page.getByRole('heading', { level: 2 });
  await expect(headings.first()).toHaveText('موارد نیازمند بررسی');
  await expect(page.locator('a[href^="/staff/payments/export.csv?year="]')).toBeVisible();
  const csv = await page.request.get('/staff/payments/export.csv');
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-disposition']).toContain('payments-');
  await checkPage(page, testInfo, 'finance-report');
  expectNoCrashes(problems);
});
