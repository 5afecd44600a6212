// Calls (فراخوان, issue 15), in every project (desktop, 360 px phone, no JavaScript):
//
//   a. anyone reads the open calls on /calls without signing in: the demo call with its title,
//      text, dates, for whom, places left and a link to its service; the page is complete as
//      the server sends it
//   b. a student sees the demo call on the type list and on its type's page, with its countdown
//   c. a call opens and closes on the applicant's type page: an admin adds a call on
//      /admin/calls, the student's page says until when it is open and shows the form; the admin
//      closes it early with a reason (kept in its trail); the page says it is closed, hides the
//      form and offers «وقتی باز شد خبرم کنید»; the admin sets the type always open again and the
//      student is told once, by SMS
//   d. nothing typed is lost when the call closes while the student writes: the refusal is said
//      in Persian and the subject and description stay in their fields
//
// The admin uses a JavaScript desktop browser; the applicant uses the project's. Every page
// passes axe-core and, on the phone, fits 360 px with 44 px touch targets (checkPage).
//
// Isolation: c and d each make a request type of their own (as tariffs.spec does) and a call
// for it only, and close that call and set the type always open again when done, so the demo
// call, the seeded types other specs file under, and the other projects' runs are never touched.
import { execFileSync } from 'node:child_process';
import {
  DEMO_ADMIN,
  checkPage,
  chooseType,
  desktopContextOptions,
  expect,
  expectNoCrashes,
  fromPersianDigits,
  instrumentContext,
  isPhone,
  jsEnabled,
  newApplicant,
  registerApplicant,
  signIn,
  signInAs,
  submitForm,
  test,
  toPersianDigits,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo' };

// The demo call (server::platform::seed::DEMO_CALL, seed_demo_calls): «انتقال و مهمانی», open
// for students from two days before the server first started to five days after, 500 places.
const DEMO_CALL = {
  title: 'فراخوان انتقال و مهمانی نیم‌سال دوم',
  body: 'دانشجویانی که برای نیم‌سال دوم متقاضی انتقال یا مهمانی هستند، درخواست خود را در بازهٔ این فراخوان ثبت کنند. درخواست‌های پس از پایان فراخوان پذیرفته نمی‌شوند.',
  type: 'انتقال و مهمانی',
};

// The copy (src/copy/calls.rs and the confirmations in src/copy/requests.rs).
const T = {
  callsTitle: 'فراخوان‌ها',
  callsIntro: 'هر خدمتی که با فراخوان ارائه می‌شود فقط در بازهٔ فراخوانش درخواست می‌پذیرد.',
  callsCurrent: 'فراخوان‌های باز',
  callsComing: 'فراخوان‌های پیش رو',
  forKinds: 'ویژهٔ',
  capacity: 'ظرفیت باقی‌مانده',
  services: 'خدمات',
  from: 'از',
  to: 'تا',
  student: 'دانشجو',
  openUntil: 'پذیرش درخواست باز است تا',
  nonePlanned: 'این خدمت اکنون فراخوان باز ندارد و زمان فراخوان بعدی هنوز اعلام نشده است.',
  alwaysOpen: 'پذیرش درخواست همیشه باز است.',
  watch: 'وقتی باز شد خبرم کنید',
  watchDone: 'وقتی پذیرش این خدمت باز شود، یک بار با پیامک یا رایانامه خبرتان می‌کنیم.',
  watchAlready: 'درخواست خبر شما ثبت شده است؛ وقتی پذیرش این خدمت باز شود، یک بار با پیامک یا رایانامه خبرتان می‌کنیم.',
  refusedClosed: 'فراخوان این خدمت اکنون باز نیست و درخواست تازه پذیرفته نمی‌شود.',
  adminTitle: 'فراخوان‌ها و بازهٔ پذیرش',
  callNew: 'فراخوان تازه',
  callTitleLabel: 'عنوان فراخوان',
  callBodyLabel: 'متن فراخوان',
  callCapacityLabel: 'ظرفیت (خالی: بی‌سقف)',
  callSave: 'ثبت فراخوان',
  closeNow: 'بستن زودهنگام',
  reasonLabel: 'دلیل (در سابقهٔ فراخوان می‌ماند)',
  trail: 'سابقهٔ فراخوان',
  trailCreated: 'ثبت شد',
  trailClosed: 'زودتر از موعد بسته شد',
  taken: 'درخواست‌های ثبت‌شده',
  intakeTitle: 'پذیرش درخواست هر خدمت',
  save: 'ذخیره',
  created: 'فراخوان ثبت شد.',
  closed: 'فراخوان بسته شد و به منتظران خبر داده شد.',
  intakeSet: 'پذیرش درخواست این خدمت به‌روز شد.',
  submit: 'ثبت درخواست',
  adminName: 'نرگس صادقی',
};

const DAY = 86_400_000;
const COUNTDOWN = /^([۰-۹]+) روز تا پایان فراخوان مانده است\.$/;

// ---------------------------------------------------------------------------------------------
// Dates as the app writes them (Jalali, Tehran time, Persian digits)

const tehran = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function tehranParts(ms) {
  const parts = tehran.formatToParts(new Date(ms));
  const get = (type) => parts.find((p) => p.type === type).value;
  return { date: `${get('year')}/${get('month')}/${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** An instant as <JalaliTime> writes it: «۱۴۰۵/۰۹/۱۲ ساعت ۰۸:۳۰». */
const jalaliAt = (ms) => {
  const { date, time } = tehranParts(ms);
  return toPersianDigits(`${date} ساعت ${time}`);
};

/** The Jalali date `days` from today in Tehran, as an admin types it: «۱۴۰۵/۰۹/۱۲». */
const jalaliDay = (days) => toPersianDigits(tehranParts(Date.now() + days * DAY).date);

/** The `datetime` of <JalaliTime> (UTC, whole seconds). */
const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// ---------------------------------------------------------------------------------------------
// The admin's side (always a JavaScript desktop browser) and the app's own endpoints

/** A JavaScript desktop browser signed in as the demo admin (with the authenticator's code). */
async function adminBrowser(browser, testInfo, problems) {
  const context = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(context, problems, 'admin', { js: true });
  const page = await context.newPage();
  await signIn(page, testInfo, DEMO_ADMIN);
  return { context, page };
}

/** Posts to a server function as the signed-in page would (JSON answer); expects success. */
async function call(page, endpoint, options) {
  const res = await page.request.post(endpoint, { headers: { accept: 'application/json' }, ...options });
  const text = await res.text();
  expect(res.status(), `${endpoint}: ${text}`).toBe(200);
  return text ? JSON.parse(text) : null;
}

/** A request type of the test's own, for students, always open (through /api/save_type). */
async function newStudentType(admin, title) {
  return call(admin, '/api/save_type', {
    form: {
      title,
      description: 'درخواست مهمانی یک نیم‌سال در دانشگاهی دیگر.',
      kind_student: 'on',
      initial_result_days: '3',
      active: 'on',
    },
  });
}

/** Best-effort cleanup after a test: the call closed, the type always open again. */
async function restore(admin, { callId, typeId }) {
  if (callId) {
    // Refused (harmlessly) when the test closed it already.
    await admin.request.post('/api/close_call', {
      headers: { accept: 'application/json' },
      form: { id: String(callId), reason: 'پایان آزمون خودکار' },
    }).catch(() => {});
  }
  if (typeId) {
    await admin.request.post('/api/set_intake', {
      headers: { accept: 'application/json' },
      form: { type_id: String(typeId), intake: 'always' },
    }).catch(() => {});
  }
}

/** The text messages of `kind` the server wrote to `mobile` (09…), from its database. */
function smsBodies(mobile, kind) {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database (scripts/test.sh sets it)').toBeTruthy();
  const canonical = `+98${fromPersianDigits(mobile).replace(/\D/g, '').replace(/^0/, '')}`;
  const out = execFileSync('sqlite3', [
    '-cmd', '.timeout 10000', '-json', database,
    `SELECT body FROM outbox WHERE channel = 'sms' AND recipient = '${canonical}' AND kind = '${kind}' ORDER BY id;`,
  ]).toString().trim();
  return out ? JSON.parse(out).map((r) => r.body) : [];
}

// ---------------------------------------------------------------------------------------------

/** A fact of a call card (its <dd>), by its term. */
const fact = (card, term) =>
  card.locator('dl.facts > div').filter({ has: card.page().locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');

test('anyone reads the open calls on /calls, the demo call with its dates and service', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  // The terms as the app holds them (its own public endpoint), to check the page against.
  const calls = await call(page, '/api/public_calls', { form: {} });
  const demo = calls.find((c) => c.title === DEMO_CALL.title);
  expect(demo, 'the demo call is listed (SEED_DEMO=true with SEED_DEMO_CALLS on)').toBeTruthy();
  expect(demo.open, 'the demo call is open').toBe(true);
  expect(demo.ends_at - demo.starts_at, 'two days before the start to five after').toBe(7 * DAY);
  expect(demo.types.map(([, title]) => title)).toEqual([DEMO_CALL.type]);
  const [[typeId]] = demo.types;

  // The page is complete as the server sends it (no script needed to read it).
  const html = await (await page.request.get('/calls')).text();
  expect(html, 'the server-rendered page names the call').toContain(DEMO_CALL.title);
  expect(html).toContain(`href="/requests/new?type=${typeId}"`);

  // Reached from the footer of any page.
  await page.goto('/');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('footer.site-footer').getByRole('link', { name: T.callsTitle, exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/calls');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await expect(page.getByRole('heading', { level: 1, name: T.callsTitle, exact: true })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`^${T.callsTitle} \\| `));
  await expect(page.locator('main')).toContainText(T.callsIntro);

  const open = page.getByRole('region', { name: T.callsCurrent });
  const card = open.locator('article.call', { has: page.getByRole('heading', { level: 3, name: DEMO_CALL.title, exact: true }) });
  await expect(card, 'the demo call is among the open calls').toHaveCount(1);
  await expect(
    page.getByRole('region', { name: T.callsComing }).getByRole('heading', { name: DEMO_CALL.title }),
    'and not among those coming',
  ).toHaveCount(0);
  await expect(card.locator('.call-body')).toHaveText(DEMO_CALL.body);

  // Its window: Jalali dates and Tehran times in Persian digits, machine-readable beside them.
  const from = fact(card, T.from).locator('time');
  const to = fact(card, T.to).locator('time');
  await expect(from).toHaveText(jalaliAt(demo.starts_at));
  await expect(from).toHaveAttribute('datetime', isoSeconds(demo.starts_at));
  await expect(to).toHaveText(jalaliAt(demo.ends_at));
  await expect(to).toHaveAttribute('datetime', isoSeconds(demo.ends_at));
  for (const text of [await from.innerText(), await to.innerText()]) {
    expect(text, 'no Latin digits on the page').not.toMatch(/[0-9]/);
  }
  await expect(fact(card, T.forKinds)).toHaveText(T.student);
  const places = toPersianDigits(String(demo.capacity - demo.taken));
  await expect(fact(card, T.capacity)).toHaveText(`${places} درخواست`);

  // Its service, a link to file under it.
  const service = fact(card, T.services).getByRole('link', { name: DEMO_CALL.type, exact: true });
  await expect(service).toHaveAttribute('href', `/requests/new?type=${typeId}`);
  if (isPhone(testInfo)) {
    // A link that stands alone is a finger's target too (the suite's check leaves links out).
    const box = await service.boundingBox();
    expect(box.height, 'the service link is at least 44 px high').toBeGreaterThanOrEqual(43.5);
  }
  await checkPage(page, testInfo, 'calls-public');
  expectNoCrashes(problems);
});

test('a student sees the demo call open, with its countdown, on the type list and the type’s page', async ({ page, problems }, testInfo) => {
  const js = jsEnabled(testInfo);
  await signInAs(page, testInfo, STUDENT, js);
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });

  // The list says it on the card of a type open only within its calls, not on the others.
  const card = page.locator('li.type-item', { has: page.getByRole('heading', { name: DEMO_CALL.type, exact: true }) });
  await expect(card).toHaveCount(1);
  await expect(card.locator('.intake.open')).toContainText(T.openUntil);
  await expect(card.locator('.intake.open .countdown')).toHaveText(COUNTDOWN);
  const always = page.locator('li.type-item', { has: page.getByRole('heading', { name: 'ورود، ثبت‌نام و کد پیامکی', exact: true }) });
  await expect(always.locator('.intake'), 'an always-open type shows no intake line in the list').toHaveCount(0);

  // The type's page: open until when, under which call, the countdown, the places, the form.
  await chooseType(page, DEMO_CALL.type);
  await waitHydrated(page, testInfo, { jsOverride: js });
  const intake = page.locator('.intake.open');
  await expect(intake).toContainText(T.openUntil);
  await expect(intake.locator('.call-title')).toHaveText(DEMO_CALL.title);
  const closes = Date.parse(await intake.locator('time').getAttribute('datetime'));
  const text = await intake.locator('.countdown').innerText();
  expect(text, 'the countdown of the call’s last days').toMatch(COUNTDOWN);
  const shown = Number(fromPersianDigits(text.match(COUNTDOWN)[1]));
  // Days left, counting today's part: what it was when the page was made, or one more if a day
  // ended between then and now.
  const expected = Math.ceil((closes - Date.now()) / DAY);
  expect([expected, expected + 1], `«${text}» for a call ending ${new Date(closes).toISOString()}`).toContain(shown);
  expect(shown).toBeLessThanOrEqual(5);
  await expect(intake.locator('p.muted')).toHaveText(/^ظرفیت باقی‌مانده: [۰-۹٬]+ درخواست$/);
  await expect(page.locator('input[name=subject]')).toBeVisible();
  await expect(page.getByRole('button', { name: T.watch })).toHaveCount(0);
  await checkPage(page, testInfo, 'type-page-demo-call');
  expectNoCrashes(problems);
});

test('a call opens and closes on the applicant’s type page, and the applicant is told when it opens again', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(180_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const typeTitle = `مهمانی نیم‌سال تابستان ${tag}`;
  const callTitle = `فراخوان مهمانی تابستان ${tag}`;
  const callBody = 'دانشجویان متقاضی مهمانی تابستان درخواست خود را در بازهٔ این فراخوان ثبت کنند.';
  const reason = `تکمیل ظرفیت دانشگاه مقصد ${tag}`;

  // The applicant: a new student (an SMS will tell them when the service opens).
  const student = newApplicant();
  await registerApplicant(page, testInfo, student, js);

  const { context: adminContext, page: admin } = await adminBrowser(browser, testInfo, problems);
  const made = {};
  try {
    made.typeId = await newStudentType(admin, typeTitle);
    const typePage = `/requests/new?type=${made.typeId}`;
    const intake = page.locator('.intake');
    const subject = page.locator('input[name=subject]');
    const watch = page.getByRole('button', { name: T.watch, exact: true });

    await test.step('a new type takes requests always', async () => {
      await page.goto(typePage);
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(page.getByRole('heading', { level: 1 })).toContainText(typeTitle);
      await expect(intake).toHaveText(T.alwaysOpen);
      await expect(subject).toBeVisible();
    });

    let item;
    await test.step('the admin adds a call for it on /admin/calls', async () => {
      await admin.goto('/admin/types');
      await waitHydrated(admin, testInfo, { jsOverride: true });
      await admin.locator('nav.admin-nav').getByRole('link', { name: T.callsTitle, exact: true }).click();
      await admin.waitForURL((url) => url.pathname === '/admin/calls');
      await expect(admin.getByRole('heading', { level: 1 })).toHaveText(T.adminTitle);
      await waitHydrated(admin, testInfo, { jsOverride: true });
      const form = admin.getByRole('region', { name: T.callNew });
      await form.getByLabel(T.callTitleLabel, { exact: true }).fill(callTitle);
      await form.getByLabel(T.callBodyLabel, { exact: true }).fill(callBody);
      // From yesterday's start to the end of the third day from now, Tehran time.
      await form.locator('#starts_date').fill(jalaliDay(-1));
      await form.locator('#ends_date').fill(jalaliDay(3));
      await form.getByRole('checkbox', { name: T.student, exact: true }).check();
      await form.getByLabel(T.callCapacityLabel, { exact: true }).fill('۵۰');
      await form.getByRole('checkbox', { name: typeTitle, exact: true }).check();
      await submitForm(admin, form.getByRole('button', { name: T.callSave, exact: true }), '/api/create_call', true);
      await expect(admin.locator('.confirmation-slot')).toHaveText(T.created);
      item = admin.locator('ul.call-list > li', { has: admin.getByRole('heading', { level: 3, name: callTitle, exact: true }) });
      await expect(item).toHaveCount(1);
      // Its id, for the cleanup should the test stop before the admin closes it.
      const overview = await call(admin, '/api/calls_overview', { form: {} });
      made.callId = overview.calls.find((c) => c.call.title === callTitle)?.call.id;
      expect(made.callId, 'the new call in the admins’ overview').toBeTruthy();
      await expect(item).toContainText(`${T.taken}: ۰`);
      await expect(fact(item, T.forKinds)).toHaveText(T.student);
      await expect(fact(item, T.capacity)).toHaveText('۵۰ درخواست');
      await expect(fact(item, T.services)).toHaveText(typeTitle);
      await expect(fact(item, T.from).locator('time')).toContainText(jalaliDay(-1));
      // Its service now takes requests only within its calls.
      await expect(admin.locator(`#intake_${made.typeId}`)).toHaveValue('calls');
      await checkPage(admin, testInfo, 'admin-calls', { js: true, phone: false });
      // Listed for everyone.
      expect(await (await admin.request.get('/calls')).text()).toContain(callTitle);
    });

    await test.step('the student’s type page says until when it is open and shows the form', async () => {
      await page.reload();
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(intake).toHaveClass(/\bopen\b/);
      await expect(intake).toContainText(T.openUntil);
      await expect(intake.locator('.call-title')).toHaveText(callTitle);
      // The end of the third day from now: 3 to 4 days left, counting today's part.
      await expect(intake.locator('.countdown')).toHaveText(/^[۳۴] روز تا پایان فراخوان مانده است\.$/);
      await expect(intake).toContainText('ظرفیت باقی‌مانده: ۵۰ درخواست');
      await expect(subject).toBeVisible();
      await expect(page.getByRole('button', { name: T.submit, exact: true })).toBeVisible();
      await expect(watch).toHaveCount(0);
      await checkPage(page, testInfo, 'type-page-call-open');
    });

    await test.step('the admin closes it early, with a reason kept in its trail', async () => {
      const closeForm = item.locator('form', { has: admin.getByRole('button', { name: T.closeNow }) });
      await closeForm.getByLabel(T.reasonLabel, { exact: true }).fill(reason);
      await submitForm(admin, closeForm.getByRole('button', { name: T.closeNow, exact: true }), '/api/close_call', true);
      await expect(admin.locator('.confirmation-slot')).toHaveText(T.closed);
      // Over: nothing left to change, and its trail says who closed it, when and why.
      await expect(item.getByRole('button', { name: T.closeNow })).toHaveCount(0);
      await item.locator('details.call-trail summary', { hasText: T.trail }).click();
      const lines = item.locator('details.call-trail li');
      await expect(lines).toHaveCount(2);
      await expect(lines.nth(0)).toContainText(T.trailCreated);
      await expect(lines.nth(1)).toContainText(T.trailClosed);
      await expect(lines.nth(1)).toContainText(reason);
      await expect(lines.nth(1)).toContainText(T.adminName);
      // No longer listed for everyone.
      expect(await (await admin.request.get('/calls')).text()).not.toContain(callTitle);
    });

    await test.step('the student’s type page says it is closed and offers to tell them', async () => {
      await page.reload();
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(intake).toHaveClass(/\bclosed\b/);
      await expect(intake).toHaveText(T.nonePlanned);
      await expect(subject, 'no form while the service is closed').toHaveCount(0);
      await expect(watch).toBeVisible();
      await checkPage(page, testInfo, 'type-page-call-closed');

      await submitForm(page, watch, '/api/watch_type', js);
      // With JavaScript the page says what will happen; without, the page the post returns to is
      // made by the server, which knows the request is recorded.
      const said = page.getByRole('status').filter({ hasText: js ? T.watchDone : new RegExp(`${T.watchDone}|${T.watchAlready}`) });
      await expect(said).toBeVisible();
      await expect(watch).toHaveCount(0);
      await expect(page).toHaveURL(new RegExp(`/requests/new\\?type=${made.typeId}$`));
      await checkPage(page, testInfo, 'type-page-watching');
      await page.reload();
      await expect(page.getByRole('status').filter({ hasText: T.watchAlready }), 'asked once, remembered').toBeVisible();
      await expect(watch).toHaveCount(0);
    });

    await test.step('the admin sets the type always open again; the student is told once', async () => {
      await admin.reload();
      await waitHydrated(admin, testInfo, { jsOverride: true });
      const setting = admin
        .getByRole('region', { name: T.intakeTitle })
        .locator('ul.intake-list > li', { has: admin.locator(`#intake_${made.typeId}`) });
      await setting.getByLabel(typeTitle, { exact: true }).selectOption('always');
      await submitForm(admin, setting.getByRole('button', { name: T.save, exact: true }), '/api/set_intake', true);
      await expect(admin.locator('.confirmation-slot')).toHaveText(T.intakeSet);
      await expect(admin.locator(`#intake_${made.typeId}`)).toHaveValue('always');

      await page.reload();
      await waitHydrated(page, testInfo, { jsOverride: js });
      await expect(intake).toHaveText(T.alwaysOpen);
      await expect(subject).toBeVisible();
      await expect(watch).toHaveCount(0);

      // The scheduler (every second in this suite) tells those waiting, once.
      await expect
        .poll(() => smsBodies(student.mobile, 'call_open').length, { message: 'an SMS says the service opened', timeout: 15_000 })
        .toBe(1);
      const [told] = smsBodies(student.mobile, 'call_open');
      expect(told).toContain('پذیرش درخواست برای');
      expect(told).toContain(typeTitle);
      expect(told).toContain('باز شد.');
      await page.waitForTimeout(3_000);
      expect(smsBodies(student.mobile, 'call_open'), 'told once, not at every pass').toHaveLength(1);
    });
  } finally {
    await restore(admin, made);
    await adminContext.close();
  }
  expectNoCrashes(problems);
});

test('a filing refused because the call closed meanwhile keeps what was typed', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(150_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const subjectText = `درخواست مهمانی نیم‌سال تابستان ${tag}`;
  const descriptionText = `برای گذراندن دو درس در دانشگاه شیراز درخواست مهمانی دارم. ${tag}`;

  const { context: adminContext, page: admin } = await adminBrowser(browser, testInfo, problems);
  const made = {};
  try {
    // A type of its own with a call open now (through the app's own endpoints).
    made.typeId = await newStudentType(admin, `مهمانی تابستانی ${tag}`);
    made.callId = await call(admin, '/api/create_call', {
      multipart: {
        title: `فراخوان مهمانی تابستانی ${tag}`,
        body: '',
        starts_date: jalaliDay(-1),
        starts_time: '',
        ends_date: jalaliDay(3),
        ends_time: '',
        kinds: 'student',
        capacity: '',
        types: String(made.typeId),
      },
    });

    await signInAs(page, testInfo, STUDENT, js);
    await page.goto(`/requests/new?type=${made.typeId}`);
    await waitHydrated(page, testInfo, { jsOverride: js });
    await expect(page.locator('.intake.open')).toContainText(T.openUntil);
    const subject = page.locator('input[name=subject]');
    const description = page.locator('textarea[name=description]');
    await subject.fill(subjectText);
    await description.fill(descriptionText);

    // Meanwhile the admin closes the call.
    await call(admin, '/api/close_call', { form: { id: String(made.callId), reason: `پایان زودهنگام ${tag}` } });

    await submitForm(page, page.getByRole('button', { name: T.submit, exact: true }), '/api/create_request', js);
    const refusal = page.locator('form .form-alert-slot .alert.error');
    await expect(refusal, 'the refusal, in Persian').toHaveText(T.refusedClosed);
    await expect(page.getByText(T.refusedClosed), 'said once').toHaveCount(1);
    // Still the type's page, its address clean; nothing typed is lost.
    await expect(page).toHaveURL(new RegExp(`/requests/new\\?type=${made.typeId}$`));
    await expect(subject).toHaveValue(subjectText);
    await expect(description).toHaveValue(descriptionText);
    if (js) {
      // The page never left; the refusal (about no field of the form) has the focus.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('form-alert-slot')), { message: 'the refusal has the focus' })
        .toBe(true);
    } else {
      // The page came back from the server: it now says the service is closed, and offers to tell.
      await expect(page.locator('.intake.closed')).toHaveText(T.nonePlanned);
      await expect(page.getByRole('button', { name: T.watch, exact: true })).toBeVisible();
    }
    await checkPage(page, testInfo, 'refused-call-closed');

    // Nothing was filed under the call.
    const overview = await call(admin, '/api/calls_overview', { form: {} });
    const closed = overview.calls.find((c) => c.call.id === made.callId);
    expect(closed?.call.ended, 'the call is over').toBe(true);
    expect(closed.call.taken, 'no place was taken').toBe(0);
  } finally {
    await restore(admin, made);
    await adminContext.close();
  }
  expectNoCrashes(problems);
});
