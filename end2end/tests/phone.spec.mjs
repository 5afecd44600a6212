// A 360 px phone and the rest of issue 13's sections 2 and 3, where a browser can check them:
//
//   a. public pages describe themselves (a meta description)
//   b. the header folds its links behind one button on a phone; the first request of «درخواست‌های
//      من» starts within the first 540 px; every control is at least 44 × 44 px
//   c. the queue's filters fold behind one button on a phone and show in a row on a desktop
//   d. report tables become cards on a phone and chart text is at least 11 px
import {
  DEMO_AGENT,
  checkPage,
  chooseType,
  expect,
  expectNoCrashes,
  expectNoHorizontalScroll,
  expectTouchTargets,
  isPhone,
  jsEnabled,
  signInAs,
  submitForm,
  test,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };

test('public pages describe themselves to search engines and link previews', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'the same markup in every project');
  for (const path of ['/', '/login', '/login/otp', '/register', '/sla']) {
    await page.goto(path);
    const description = await page.locator('meta[name=description]').getAttribute('content');
    expect(description, `${path} has a description`).toMatch(/[\u0600-\u06FF]{3}/);
    expect(await page.locator('meta[name=description]').count(), `${path}: one description`).toBe(1);
  }
});

test('a compact header: the menu folds on a phone, the first request shows', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  const phone = isPhone(testInfo);
  await signInAs(page, testInfo, STUDENT, js);
  // At least one request of this applicant's is listed.
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, 'ورود، ثبت‌نام و کد پیامکی');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=subject]').fill(`کد پیامکی نمی‌رسد ${uniqueTag()}`);
  await page.locator('textarea[name=description]').fill('از دیروز کد تأیید ورود برایم فرستاده نمی‌شود.');
  await submitForm(page, page.getByRole('button', { name: 'ثبت درخواست', exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}/);

  await page.goto('/requests');
  await waitHydrated(page, testInfo, { jsOverride: js });
  const menuButton = page.locator('.site-header summary', { hasText: 'منو' });
  const newRequestLink = page.locator('.site-header nav a[href="/requests/new"]');
  if (phone) {
    await expect(menuButton).toBeVisible();
    await expect(newRequestLink, 'the links are folded').toBeHidden();
    const top = await page.locator('ul.request-list li.request-item').first().evaluate((el) => el.getBoundingClientRect().top);
    expect(top, 'the first request starts within the first 540 px').toBeLessThan(540);
    await checkPage(page, testInfo, 'my-requests-menu-folded');
    await menuButton.click();
    await expect(newRequestLink).toBeVisible();
    await expectTouchTargets(page, testInfo, 'the open menu');
    await expectNoHorizontalScroll(page, testInfo, 'the open menu');
    await checkPage(page, testInfo, 'my-requests-menu-open');
    if (js) {
      // A link taken in the menu folds it again.
      await page.locator('.site-header nav a[href="/account"]').click();
      await page.waitForURL(/\/account$/);
      await expect(newRequestLink).toBeHidden();
    }
  } else {
    await expect(menuButton, 'a desktop shows its links as they are').toBeHidden();
    await expect(newRequestLink).toBeVisible();
  }
  expectNoCrashes(problems);
});

test('the queue folds its filters behind one button on a phone', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'the same page without JavaScript is covered by the desktop');
  await signInAs(page, testInfo, DEMO_AGENT, true);
  await page.goto('/staff');
  await waitHydrated(page, testInfo);
  const typeFilter = page.locator('select[name=type]');
  const unfold = page.locator('form[role=search] summary');
  await expect(page.locator('input[name=q]')).toBeVisible();
  if (isPhone(testInfo)) {
    await expect(typeFilter).toBeHidden();
    await expect(unfold).toHaveText('فیلترها');
    await unfold.click();
    await expect(typeFilter).toBeVisible();
    await expectNoHorizontalScroll(page, testInfo, 'the queue with its filters open');
    // A narrowed queue says how many filters are on.
    await page.goto('/staff?status=all&priority=3');
    await expect(page.locator('form[role=search] summary')).toHaveText('فیلترها (۲ فعال)');
  } else {
    await expect(unfold).toBeHidden();
    await expect(typeFilter).toBeVisible();
  }
  expectNoCrashes(problems);
});

test('on a phone report tables are cards and chart text is at least 11 px', async ({ page, problems }, testInfo) => {
  test.skip(!isPhone(testInfo), 'a phone’s layout');
  await page.goto('/sla');
  await expect(page.locator('h1')).toBeVisible();
  await expectNoHorizontalScroll(page, testInfo, 'the public SLA page');
  const rows = page.locator('table.stack tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  expect(await rows.first().evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
  const cell = rows.first().locator('td').first();
  const label = await cell.evaluate((td) => getComputedStyle(td, '::before').content);
  expect(label, 'each figure is named beside it').toMatch(/[\u0600-\u06FF]/);
  const sizes = await page.locator('svg.chart').first().evaluate((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  });
  expect(sizes.length).toBeGreaterThan(0);
  expect(Math.min(...sizes), 'the smallest chart text, in CSS pixels').toBeGreaterThanOrEqual(11);
  await checkPage(page, testInfo, 'sla-public-phone');
  expectNoCrashes(problems);
});

test('keyboard shortcuts follow the physical key, with the Persian layout on too', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'shortcuts need the page to run');
  await signInAs(page, testInfo, DEMO_AGENT, true);
  await page.goto('/staff');
  await waitHydrated(page, testInfo);
  const hint = page.locator('.shortcut-hint');
  if (isPhone(testInfo)) {
    await expect(hint, 'not advertised on a phone').toBeHidden();
    return;
  }
  await expect(hint).toBeVisible();
  // What a Persian keyboard sends for the keys of `j` and `?`: other characters, same keys.
  const press = (key, code, shiftKey = false) =>
    page.evaluate(
      ([key, code, shiftKey]) =>
        (document.activeElement ?? document.body).dispatchEvent(
          new KeyboardEvent('keydown', { key, code, shiftKey, bubbles: true, cancelable: true }),
        ),
      [key, code, shiftKey],
    );
  await press('ت', 'KeyJ');
  const first = page.locator('table.queue-table a.subject').first();
  await expect(first).toBeFocused();
  await press('ت', 'KeyJ');
  await expect(page.locator('table.queue-table a.subject').nth(1)).toBeFocused();
  await press('ن', 'KeyK');
  await expect(first).toBeFocused();
  await press('؟', 'Slash', true);
  const help = page.getByRole('dialog', { name: 'کلیدهای میان‌بر' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('درخواست بعدی');
  await press('Escape', 'Escape');
  await expect(help).toBeHidden();
  await press('.', 'Slash');
  await expect(page.locator('input[name=q]')).toBeFocused();
  expectNoCrashes(problems);
});
