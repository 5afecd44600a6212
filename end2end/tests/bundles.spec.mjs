// Two WASM bundles: visitors and applicants load one without the staff and admin pages, staff the
// full one. The page decides per request; a client-side link from the applicants' bundle to a
// staff page loads that page afresh, so the server hands over the staff bundle.
import {
  DEMO_AGENT,
  expect,
  expectNoCrashes,
  jsEnabled,
  newApplicant,
  registerApplicant,
  signIn,
  test,
  waitHydrated,
} from './helpers.mjs';

/** The WASM files a page fetched (their paths), as they finish. */
function wasmLoads(page) {
  const loads = [];
  page.on('requestfinished', (req) => {
    const path = new URL(req.url()).pathname;
    if (path.endsWith('.wasm')) loads.push(path);
  });
  return loads;
}

const APPLICANT = /^\/pkg\/poshtiban-applicant\.[^/]+\.wasm$/;
const STAFF = /^\/pkg\/poshtiban\.[^/]+\.wasm$/;

test('visitors and applicants load the applicants\' bundle, staff the full one', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript no bundle is loaded at all');
  const loads = wasmLoads(page);

  await page.goto('/');
  await waitHydrated(page, testInfo);
  expect(loads, 'a visitor').toHaveLength(1);
  expect(loads[0]).toMatch(APPLICANT);

  // A new applicant, signed up and in: client-side navigation between their pages, same bundle.
  await registerApplicant(page, testInfo, newApplicant());
  await page.getByRole('link', { name: 'ثبت درخواست جدید' }).first().click();
  await page.waitForURL((url) => url.pathname === '/requests/new');
  expect(loads.every((p) => APPLICANT.test(p)), `only the applicants' bundle: ${loads}`).toBe(true);
  expectNoCrashes(problems);
});

test('staff signing in get the full bundle, and a link into the staff pages reloads for it', async ({ page, problems }, testInfo) => {
  test.skip(!jsEnabled(testInfo), 'without JavaScript no bundle is loaded at all');
  const loads = wasmLoads(page);

  // The sign-in page of a visitor is the applicants' bundle; signing in loads the queue afresh.
  await signIn(page, testInfo, DEMO_AGENT);
  await expect(page).toHaveURL(/\/staff$/);
  await waitHydrated(page, testInfo);
  expect(loads[0]).toMatch(APPLICANT);
  expect(loads.at(-1)).toMatch(STAFF);

  // A page of the applicants' bundle with a staff session (the sign-in page, opened while
  // signed in elsewhere) following a link to the queue: the bundle has no queue, so it loads
  // the address afresh and the server sends the staff bundle with the page.
  await page.context().clearCookies();
  await page.goto('/sla');
  await waitHydrated(page, testInfo);
  const before = loads.length;
  expect(loads.at(-1)).toMatch(APPLICANT);
  const agentCookie = await page.evaluate(async (who) => {
    const res = await fetch('/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ identifier: who.identifier, password: who.password }),
    });
    return res.ok;
  }, DEMO_AGENT);
  expect(agentCookie, 'the agent signs in from the page').toBe(true);
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/staff';
    a.textContent = 'صف';
    a.id = 'to-queue';
    document.querySelector('main').append(a);
  });
  await page.locator('#to-queue').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('کارتابل درخواست‌ها');
  await expect.poll(() => loads.length, 'the queue loads the staff bundle').toBeGreaterThan(before);
  expect(loads.at(-1)).toMatch(STAFF);
  expectNoCrashes(problems);
});
