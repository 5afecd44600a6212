// Disputes (اعتراض و حل اختلاف, issue 15), in every project (desktop, 360 px phone, no
// JavaScript):
//
//   a. from the applicant's dispute to the supervisor's final view: the demo student files a
//      request, the demo agent answers it; the student reads the dispute section under the
//      request and raises a dispute (execution, with reasons) and sees its state and the deadline
//      with the days left; the agent, whose answer is disputed, sees it but may not act on it;
//      the demo supervisor writes a message and an internal note (never shown to the student),
//      and once the month is over (made to pass in the database) writes the final view, which
//      the student reads with the month-ended line and no more forms; the history lists each step
//   b. settled by agreement: the supervisor proposes, the student accepts, the proposal is
//      marked accepted and the dispute is locked
//   c. nothing typed is lost: reasons the server refuses (too short) come back in their box with
//      the Persian message beside it, the subject still chosen
//   d. another applicant (the demo graduate) opening the request gets the not-found page and
//      nothing of the dispute
//
// Staff (agent, supervisor) use a JavaScript desktop browser; the applicants use the project's.
// Every page state asserted passes axe-core and, on the phone, fits 360 px with 44 px touch
// targets (checkPage).
//
// Time: the month of negotiation cannot pass by waiting, and the server's clock cannot be moved
// from outside its process. The server reads `disputes.negotiation_ends_at` from the database on
// every request (no cache), so test a moves that instant into the past in the server's SQLite
// file (E2E_SQLITE, as sla-dashboard.spec ages a request): that stands for the month passing.
// The deadline job (every scheduler tick, each second in this suite) then flags it overdue.
//
// Isolation: each test files a request of its own (type «ورود، ثبت‌نام و کد پیامکی», always open,
// never given a call by another spec) and touches only that request's dispute.
import { execFileSync } from 'node:child_process';
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
  signIn,
  signInAs,
  submitForm,
  test,
  toPersianDigits,
  uniqueTag,
  waitHydrated,
} from './helpers.mjs';

// The demo accounts (server::platform::seed::DEMO_ACCOUNTS); the staff are in every group.
const STUDENT = { identifier: '0499370899', password: 'poshtiban-demo', name: 'زهرا احمدی' };
const GRADUATE = { identifier: '0790419904', password: 'poshtiban-demo', name: 'علی رضایی' };
const SUPERVISOR = { identifier: '0023456787', password: 'poshtiban-demo', name: 'حسین موسوی' };
const AGENT_NAME = 'مریم کریمی';

const TYPE = 'ورود، ثبت‌نام و کد پیامکی';

// The copy (src/copy/calls.rs, the confirmations in src/copy/requests.rs, and the request page).
const T = {
  title: 'اعتراض و حل اختلاف',
  intro: 'اگر با تفسیر یا اجرای توافق‌نامه در این درخواست موافق نیستید، اعتراض خود را ثبت کنید. یک ماه برای گفت‌وگو و توافق فرصت هست؛ اگر در این مدت توافق نشود، نظر سازمان قطعی است.',
  subjectLabel: 'موضوع اختلاف',
  interpretation: 'تفسیر توافق‌نامه',
  execution: 'اجرای توافق‌نامه',
  reasonsLabel: 'دلایل شما',
  filesLabel: 'مدارک و پیوست‌ها (اختیاری)',
  attachmentsLabel: 'پیوست‌ها (اختیاری)',
  raise: 'ثبت اعتراض',
  stateOpen: 'ثبت‌شده، در انتظار رسیدگی',
  stateNegotiating: 'در حال گفت‌وگو',
  stateSettled: 'با توافق حل شد',
  stateFinal: 'نظر قطعی سازمان',
  accept: 'این پیشنهاد را می‌پذیرم',
  finalLabel: 'نظر قطعی سازمان',
  finalSave: 'ثبت نظر قطعی',
  overdue: 'مهلت گفت‌وگو گذشته و نظر قطعی هنوز ثبت نشده است.',
  monthOver: 'یک ماه گفت‌وگو به پایان رسیده است؛ تا ثبت نظر قطعی سازمان، هنوز می‌توان به توافق رسید.',
  messageLabel: 'پیام شما در گفت‌وگوی اعتراض',
  send: 'ارسال پیام',
  kindLabel: 'نوع نوشته',
  proposalBadge: 'پیشنهاد',
  acceptedBadge: 'پذیرفته شد',
  filed: 'ثبت اعتراض',
  handler: 'رسیدگی‌کننده',
  noHandler: 'هنوز سرپرستی پاسخ نداده است',
  staffSide: 'کارشناس',
  applicantSide: 'متقاضی',
  noteBadge: 'یادداشت داخلی',
  historyRaised: 'متقاضی اعتراض ثبت کرد',
  historyState: (state) => `وضعیت اعتراض: ${state}`,
  timeline: 'تاریخچهٔ درخواست',
  errReasons: 'دلایل اعتراض را بنویسید.',
  errOwnAnswer: 'پاسخ مورد اعتراض از شماست؛ این اعتراض را سرپرست دیگری رسیدگی می‌کند.',
  errMonthNotOver: 'نظر قطعی فقط پس از پایان یک ماه گفت‌وگو ثبت می‌شود.',
  errClosed: 'این اعتراض بسته شده است و دیگر تغییر نمی‌کند.',
  notFound: 'درخواستی با این مشخصات پیدا نشد.',
  notFoundTitle: 'صفحه پیدا نشد',
  statusAnswered: 'پاسخ‌داده‌شده',
  newRequestSubmit: 'ثبت درخواست',
  replySubmit: 'ارسال پاسخ',
  // The confirmations of the four forms (copy::confirmation).
  raised: 'اعتراض شما ثبت شد. یک ماه برای گفت‌وگو و توافق فرصت هست.',
  written: 'نوشتهٔ شما در گفت‌وگوی اعتراض ثبت شد.',
  acceptedDone: 'پیشنهاد را پذیرفتید و اعتراض با توافق حل شد.',
  finalDone: 'نظر قطعی سازمان ثبت شد.',
};

const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Dates as the app writes them (Jalali, Tehran time, Persian digits)

// src/copy/calendar.rs MONTH_NAMES, Farvardin first.
const MONTHS = ['فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند'];

const persianCalendar = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
  timeZone: 'Asia/Tehran',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Jalali date and Tehran time of an instant, as numbers. */
function jalali(ms) {
  const parts = persianCalendar.formatToParts(new Date(ms));
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** A day as JalaliDate::format_long_fa writes it: «۱۵ خرداد ۱۴۰۵». */
function jalaliLong(ms) {
  const d = jalali(ms);
  return `${toPersianDigits(d.day)} ${MONTHS[d.month - 1]} ${toPersianDigits(d.year)}`;
}

const tehranDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The Tehran calendar day of an instant, as a day number. */
function dayNumber(ms) {
  const [y, m, d] = tehranDay.format(new Date(ms)).split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

/** domain::dispute::days_left: whole days left, counting today; 0 once the month is over. */
const daysLeft = (now, endsAt) => (now >= endsAt ? 0 : dayNumber(endsAt - 1) - dayNumber(now) + 1);

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// copy::dispute_deadline(last_day, days_left).
const DEADLINE = new RegExp(
  `^${escapeRe('مهلت گفت‌وگو تا پایان ')}(.+)${escapeRe(' است (')}([۰-۹]+)${escapeRe(' روز مانده).')}$`,
);
// copy::dispute_month_ended(last_day).
const monthEnded = (lastDay) => `یک ماه گفت‌وگو در ${lastDay} به پایان رسید و این نظر قطعی است.`;

// ---------------------------------------------------------------------------------------------
// The server's database (scripts/test.sh names it in E2E_SQLITE)

function sqlite(query) {
  const database = process.env.E2E_SQLITE;
  expect(database, 'E2E_SQLITE names the server database (scripts/test.sh sets it)').toBeTruthy();
  const out = execFileSync('sqlite3', ['-cmd', '.timeout 10000', '-json', database, query]).toString().trim();
  return out ? JSON.parse(out) : [];
}

/** The dispute of the request with tracking code `code`, as stored (or undefined). */
function disputeRow(code) {
  expect(code).toMatch(/^\d{10}$/);
  return sqlite(
    'SELECT d.id, d.state, d.subject, d.reasons, d.filed_at, d.negotiation_ends_at, d.proposal_id, ' +
      'd.settled_at, d.final_at, d.final_view, d.overdue_at, d.handler_id ' +
      `FROM disputes d JOIN requests r ON r.id = d.request_id WHERE r.tracking_code = '${code}';`,
  )[0];
}

/**
 * The month of negotiation passes: its end is moved a second into the past. This stands for the
 * Jalali month going by (the browser suite cannot wait a month, and the server's clock cannot be
 * moved from outside); the server reads the end from the database on every request.
 */
function letTheMonthPass(code) {
  expect(code).toMatch(/^\d{10}$/);
  const endsAt = Date.now() - 1000;
  const [{ changed }] = sqlite(
    `UPDATE disputes SET negotiation_ends_at = ${endsAt} ` +
      `WHERE request_id = (SELECT id FROM requests WHERE tracking_code = '${code}'); SELECT changes() AS changed;`,
  );
  expect(changed, 'the dispute’s month is made to pass').toBe(1);
  return endsAt;
}

// ---------------------------------------------------------------------------------------------
// Browsers, forms and the app's own endpoints

/** A JavaScript desktop browser signed in as a staff member (the supervisor with the second step). */
async function staffBrowser(browser, testInfo, problems, who, label) {
  const context = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(context, problems, label, { js: true });
  const page = await context.newPage();
  await signIn(page, testInfo, who);
  return { context, page };
}

/**
 * Sends a form (checking who sends it, see submitForm) and waits for its outcome: without
 * JavaScript the page the post returns to, with it the server function's answer.
 */
async function send(page, button, endpoint, js) {
  const settled = js
    ? page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === endpoint)
    : page.waitForEvent('load');
  settled.catch(() => {});
  await submitForm(page, button, endpoint, js);
  await settled;
}

const EVIDENCE = 'کارنامه-ترم.pdf';
const NOTE_FILE = 'گزارش-داخلی.pdf';

/** A small PDF file for a file input. */
function pdf(name) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n') };
}

/** Posts to a server function as a form of the signed-in page would; the status and the body. */
async function post(page, endpoint, options) {
  const res = await page.request.post(endpoint, { headers: { accept: 'application/json' }, ...options });
  return { status: res.status(), text: await res.text() };
}

async function postOk(page, endpoint, options) {
  const { status, text } = await post(page, endpoint, options);
  expect(status, `${endpoint}: ${text}`).toBe(200);
  return text;
}

/** Files a request of the common type through the form; returns its tracking code. */
async function fileRequest(page, testInfo, js, subject, description) {
  await page.goto('/requests/new');
  await waitHydrated(page, testInfo, { jsOverride: js });
  await chooseType(page, TYPE);
  await waitHydrated(page, testInfo, { jsOverride: js });
  await page.locator('input[name=subject]').fill(subject);
  await page.locator('textarea[name=description]').fill(description);
  await submitForm(page, page.getByRole('button', { name: T.newRequestSubmit, exact: true }), '/api/create_request', js);
  await page.waitForURL(/\/requests\/\d{10}(\?.*)?$/);
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  return new URL(page.url()).pathname.split('/').pop();
}

/** The agent answers the request through the app's own endpoint (mode «answer»). */
async function answerByApi(agent, code, body) {
  await postOk(agent, '/api/reply', { multipart: { code, body, mode: 'answer' } });
}

/** The applicant raises a dispute through the app's own endpoint. */
async function raiseByApi(page, code, reasons, subject = 'execution') {
  await postOk(page, '/api/raise_dispute', { multipart: { code, subject, reasons } });
}

/** Opens a request page (the applicant's or the staff's) and waits until the app runs it. */
async function openRequest(page, testInfo, path, js) {
  await page.goto(path);
  await waitHydrated(page, testInfo, { jsOverride: js });
}

/** Opens the dispute page of a request (`path` is the request's page, the applicant's or the
 * staff's): the dispute has its own page, linked from the request's. */
async function open(page, testInfo, path, js) {
  await openRequest(page, testInfo, `${path}/dispute`, js);
}

// The parts of the page this spec reads.
const disputeOf = (page) => page.locator('section#dispute');
const stateOf = (page) => disputeOf(page).locator('h2 .badge');
const threadOf = (page) => disputeOf(page).locator('ol.dispute-thread > li');
const statusBadge = (page) => page.locator('header.request-head dl.facts span.badge[class*="status-"]');
/** A fact of the dispute (its <dd>), by its term. */
const fact = (page, term) =>
  disputeOf(page)
    .locator('dl.facts > div')
    .filter({ has: page.locator('dt', { hasText: new RegExp(`^${escapeRe(term)}$`) }) })
    .locator('dd');

/**
 * The confirmation at the top of the page. Soft: a missing one is reported and the story goes
 * on (without JavaScript it comes with the page the post returns to).
 */
async function expectConfirmation(page, text) {
  await expect
    .soft(page.locator('.confirmation-slot'), `the page confirms: «${text}»`)
    .toHaveText(text);
}

/** Every date in the dispute is Jalali with Persian digits. */
async function expectPersianDates(page) {
  const times = disputeOf(page).locator('time');
  expect(await times.count()).toBeGreaterThan(0);
  for (const text of await times.allInnerTexts()) {
    expect(text, 'dates in the dispute are written with Persian digits').toMatch(/[۰-۹]/);
    expect(text).not.toMatch(/[0-9]/);
  }
}

/**
 * The deadline line «مهلت گفت‌وگو تا پایان … است (… روز مانده).»: the month's last day and the
 * days left, in Persian digits, as the server counts them from `endsAt`.
 */
async function expectDeadline(page, endsAt) {
  const line = disputeOf(page).locator('p.dispute-deadline');
  await expect(line).toHaveText(DEADLINE);
  const text = (await line.innerText()).trim();
  expect(text, 'no Latin digits in the deadline').not.toMatch(/[0-9]/);
  const [, lastDay, days] = text.match(DEADLINE);
  expect(lastDay, 'the last day of the month of negotiation').toBe(jalaliLong(endsAt - 1));
  const shown = Number(fromPersianDigits(days));
  // What it was when the page was made, or one more if a day ended between then and now.
  const expected = daysLeft(Date.now(), endsAt);
  expect([expected, expected + 1], `«${text}» for a month ending ${new Date(endsAt).toISOString()}`).toContain(shown);
  return shown;
}

/** The request's history (its timeline, opened), in order. */
async function historyTexts(page) {
  const timeline = page.locator('details.timeline');
  await timeline.locator('summary', { hasText: T.timeline }).click();
  await expect(timeline).toHaveAttribute('open', '');
  return timeline.locator('ol > li').allInnerTexts();
}

/** Each of `steps` is in the history once, in this order. */
function expectSteps(texts, steps) {
  let before = -1;
  for (const step of steps) {
    const found = texts.filter((t) => t.includes(step));
    expect(found, `the history says «${step}» once:\n${texts.join('\n')}`).toHaveLength(1);
    const at = texts.findIndex((t) => t.includes(step));
    expect(at, `«${step}» comes after the step before it`).toBeGreaterThan(before);
    before = at;
  }
}

// ---------------------------------------------------------------------------------------------

test('an applicant’s dispute, from the section under the request to the supervisor’s final view', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(300_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const subject = `کد تأیید پیامکی سجاد نمی‌رسد ${tag}`;
  const description = `از دیروز کد تأیید پیامکی برای ورود به سامانه سجاد به شماره همراهم نمی‌رسد. (آزمون ${tag})`;
  const answer = `کد تأیید دوباره برای شما فرستاده شد؛ لطفاً دوباره وارد شوید. ${tag}`;
  const reasons = `پاسخ داده شد که کد دوباره فرستاده شده، ولی هیچ پیامکی نرسید و هنوز نمی‌توانم وارد شوم. ${tag}`;
  const staffMessage = `گزارش سامانهٔ پیامک را بررسی کردیم؛ لطفاً ساعت تلاش خود را بنویسید. ${tag}`;
  const note = `یادداشت داخلی: سامانهٔ پیامک آن روز دو ساعت از کار افتاده بود ${tag}`;
  const applicantMessage = `حدود ساعت ده صبح دو بار تلاش کردم. ${tag}`;
  const finalText = `ارسال پیامک در آن بازه مختل بود؛ کد با پیامک تازه فرستاده شد و درخواست شما درست پاسخ گرفته است. ${tag}`;

  const agent = await staffBrowser(browser, testInfo, problems, DEMO_AGENT, 'agent');
  let supervisor;
  try {
    let code;
    await test.step('the student files a request', async () => {
      await signInAs(page, testInfo, STUDENT, js);
      code = await fileRequest(page, testInfo, js, subject, description);
      // Not answered yet: nothing to dispute, no section.
      await expect(disputeOf(page), 'no dispute section before the request is answered').toHaveCount(0);
    });

    await test.step('the agent answers it on the staff request page', async () => {
      await openRequest(agent.page, testInfo, `/staff/requests/${code}`, true);
      await expect(agent.page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
      await agent.page.locator('textarea[name=body]').fill(answer);
      await send(agent.page, agent.page.getByRole('button', { name: T.replySubmit, exact: true }), '/api/reply', true);
      await expect(agent.page.locator('ol.conversation li.message.staff', { hasText: answer })).toBeVisible();
      await expect(statusBadge(agent.page)).toHaveText(T.statusAnswered);
      // No dispute yet: staff see no section either.
      await expect(disputeOf(agent.page)).toHaveCount(0);
    });

    const dispute = disputeOf(page);
    let row;
    await test.step('the student reads the dispute section and raises a dispute', async () => {
      await openRequest(page, testInfo, `/requests/${code}`, js);
      await expect(statusBadge(page)).toHaveText(T.statusAnswered);
      // The request links to its dispute's own page.
      await expect(page.getByRole('link', { name: T.title, exact: true })).toHaveAttribute('href', `/requests/${code}/dispute`);
      await open(page, testInfo, `/requests/${code}`, js);
      await expect(dispute.getByRole('heading', { level: 2, name: T.title, exact: true })).toBeVisible();
      await expect(dispute.locator('p.muted').first()).toHaveText(T.intro);
      await expect(dispute.locator('fieldset legend')).toHaveText(T.subjectLabel);
      const execution = dispute.getByRole('radio', { name: T.execution, exact: true });
      await expect(dispute.getByRole('radio', { name: T.interpretation, exact: true })).not.toBeChecked();
      await expect(execution).not.toBeChecked();
      await checkPage(page, testInfo, 'dispute-form');

      await execution.check();
      await dispute.getByLabel(T.reasonsLabel, { exact: true }).fill(reasons);
      // The applicant's evidence goes with the reasons.
      await dispute.getByLabel(T.filesLabel, { exact: true }).setInputFiles(pdf(EVIDENCE));
      await send(page, dispute.getByRole('button', { name: T.raise, exact: true }), '/api/raise_dispute', js);
      await expect(page).toHaveURL(new RegExp(`/requests/${code}/dispute$`));
      await expectConfirmation(page, T.raised);
      // Listed with the reasons, as a download of the dispute's own.
      const evidence = dispute.getByRole('link', { name: EVIDENCE, exact: true });
      await expect(evidence).toHaveAttribute('href', /^\/files\/\d+$/);
      const got = await page.request.get(await evidence.getAttribute('href'));
      expect(got.status()).toBe(200);
      expect((await got.body()).toString()).toContain('%PDF');

      // Stored as sent, open, with a month of negotiation ahead.
      row = disputeRow(code);
      expect(row, 'the dispute is stored').toBeTruthy();
      expect(row.state).toBe('open');
      expect(row.subject).toBe('execution');
      expect(row.reasons).toBe(reasons);
      // The month is a Jalali month: it ends at the start of the Tehran day after the same day
      // of the next month (or that month's last day when it is shorter).
      const filedDay = jalali(row.filed_at);
      const lastDay = jalali(row.negotiation_ends_at - 1);
      const ends = jalali(row.negotiation_ends_at);
      expect([ends.hour, ends.minute], 'the month ends at midnight, Tehran time').toEqual([0, 0]);
      expect(lastDay.month).toBe(filedDay.month === 12 ? 1 : filedDay.month + 1);
      expect(lastDay.day === filedDay.day || (lastDay.day < filedDay.day && lastDay.day >= 29)).toBe(true);

      // The section now shows the dispute: its state, subject, reasons and deadline.
      await expect(stateOf(page)).toHaveText(T.stateOpen);
      await expect(fact(page, T.subjectLabel)).toHaveText(T.execution);
      await expect(fact(page, T.handler)).toHaveText(T.noHandler);
      await expect(fact(page, T.filed).locator('time')).toBeVisible();
      await expect(dispute.locator('p.dispute-reasons')).toHaveText(reasons);
      const left = await expectDeadline(page, row.negotiation_ends_at);
      expect(left, 'about a month of days left').toBeGreaterThanOrEqual(29);
      expect(left).toBeLessThanOrEqual(32);
      await expectPersianDates(page);
      // Raised once: the form to raise is gone; the applicant's message form is there.
      await expect(dispute.getByRole('button', { name: T.raise })).toHaveCount(0);
      await expect(dispute.getByLabel(T.messageLabel, { exact: true })).toBeVisible();
      await expect(dispute.getByRole('button', { name: T.accept }), 'nothing to accept yet').toHaveCount(0);
      await checkPage(page, testInfo, 'dispute-raised');
    });

    await test.step('the agent whose answer is disputed sees it but cannot act on it', async () => {
      await open(agent.page, testInfo, `/staff/requests/${code}`, true);
      const theirs = disputeOf(agent.page);
      await expect(theirs).toBeVisible();
      await expect(stateOf(agent.page)).toHaveText(T.stateOpen);
      await expect(theirs.locator('p.dispute-reasons')).toHaveText(reasons);
      await expectDeadline(agent.page, row.negotiation_ends_at);
      await expect(theirs.locator('form'), 'no form in the dispute for the agent').toHaveCount(0);
      await expect(theirs.getByLabel(T.kindLabel)).toHaveCount(0);
      // The server says no too, and why.
      const refused = await post(agent.page, '/api/dispute_write', { multipart: { code, message: `پاسخ من درست بود ${tag}`, kind: 'message' } });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.text).toContain(T.errOwnAnswer);
      await checkPage(agent.page, testInfo, 'dispute-agent', { js: true, phone: false });
    });

    await test.step('the supervisor writes a message and an internal note', async () => {
      supervisor = await staffBrowser(browser, testInfo, problems, SUPERVISOR, 'supervisor');
      const sup = supervisor.page;
      await open(sup, testInfo, `/staff/requests/${code}`, true);
      const theirs = disputeOf(sup);
      await expect(stateOf(sup)).toHaveText(T.stateOpen);
      await expect(theirs.locator('p.dispute-reasons')).toHaveText(reasons);
      await expectDeadline(sup, row.negotiation_ends_at);
      const kind = theirs.getByLabel(T.kindLabel, { exact: true });
      await expect(kind).toHaveValue('message');
      // No final view within the month: no form for it, and the server refuses one.
      await expect(theirs.locator('#view')).toHaveCount(0);
      await expect(theirs.getByRole('button', { name: T.finalSave })).toHaveCount(0);
      const early = await post(sup, '/api/final_view', { form: { code, view: `نظر زودهنگام ${tag}` } });
      expect(early.status, early.text).toBe(422);
      expect(early.text).toContain(T.errMonthNotOver);
      await checkPage(sup, testInfo, 'dispute-supervisor-open', { js: true, phone: false });

      // A message to the student: the dispute is under negotiation, and the supervisor handles it.
      await theirs.getByLabel(T.messageLabel, { exact: true }).fill(staffMessage);
      await send(sup, theirs.getByRole('button', { name: T.send, exact: true }), '/api/dispute_write', true);
      const sent = threadOf(sup).filter({ hasText: staffMessage });
      await expect(sent).toHaveClass(/\bstaff\b/);
      await expect(sent.locator('.author')).toHaveText(SUPERVISOR.name);
      await expect(sent.locator('.role')).toHaveText(T.staffSide);
      await expectConfirmation(sup, T.written);
      await expect(stateOf(sup)).toHaveText(T.stateNegotiating);
      await expect(fact(sup, T.handler)).toHaveText(SUPERVISOR.name);
      await expect(theirs.getByLabel(T.messageLabel, { exact: true }), 'the box is emptied once sent').toHaveValue('');

      // An internal note, for staff only. The page is opened afresh first: the live update of
      // the message just sent re-renders the section, and with it the kind chooser (which keeps
      // no choice across a re-render), so choosing before that update lands could be undone.
      await open(sup, testInfo, `/staff/requests/${code}`, true);
      await expect(threadOf(sup)).toHaveCount(1);
      await theirs.getByLabel(T.kindLabel, { exact: true }).selectOption('note');
      await theirs.getByLabel(T.messageLabel, { exact: true }).fill(note);
      await theirs.getByLabel(T.attachmentsLabel, { exact: true }).setInputFiles(pdf(NOTE_FILE));
      await expect(theirs.getByLabel(T.kindLabel, { exact: true }), 'still a note when sent').toHaveValue('note');
      await send(sup, theirs.getByRole('button', { name: T.send, exact: true }), '/api/dispute_write', true);
      const noted = threadOf(sup).filter({ hasText: note });
      await expect(noted).toHaveClass(/\bnote\b/);
      await expect(noted.getByRole('link', { name: NOTE_FILE, exact: true })).toBeVisible();
      // The student's evidence is the supervisor's to read too.
      await expect(theirs.getByRole('link', { name: EVIDENCE, exact: true })).toBeVisible();
      await expect(noted.locator('.role')).toHaveText(T.noteBadge);
      await expect(stateOf(sup), 'a note moves nothing').toHaveText(T.stateNegotiating);
      await expect(threadOf(sup)).toHaveCount(2);
      await checkPage(sup, testInfo, 'dispute-supervisor-negotiating', { js: true, phone: false });
    });

    await test.step('the student reads the message, never the note, and writes back', async () => {
      await open(page, testInfo, `/requests/${code}`, js);
      await expect(stateOf(page)).toHaveText(T.stateNegotiating);
      await expect(fact(page, T.handler)).toHaveText(SUPERVISOR.name);
      const fromStaff = threadOf(page).filter({ hasText: staffMessage });
      await expect(fromStaff).toHaveClass(/\bstaff\b/);
      await expect(fromStaff.locator('.role')).toHaveText(T.staffSide);
      await expect(threadOf(page), 'only the message, not the note').toHaveCount(1);
      await expect(page.locator('body'), 'the note is nowhere on the student’s page').not.toContainText(note);
      await expect(page.locator('body'), 'nor its file').not.toContainText(NOTE_FILE);
      expect(await page.content(), 'nor in the data the page carries').not.toContain(note);
      const panel = await postOk(page, '/api/get_dispute', { form: { code } });
      expect(panel, 'nor in what the server sends the student').not.toContain(note);
      expect(panel).toContain(staffMessage);
      await expectDeadline(page, row.negotiation_ends_at);

      await dispute.getByLabel(T.messageLabel, { exact: true }).fill(applicantMessage);
      await send(page, dispute.getByRole('button', { name: T.send, exact: true }), '/api/dispute_write', js);
      const mine = threadOf(page).filter({ hasText: applicantMessage });
      await expect(mine).toHaveClass(/\bapplicant\b/);
      await expect(mine.locator('.author')).toHaveText(STUDENT.name);
      await expect(mine.locator('.role')).toHaveText(T.applicantSide);
      await expectConfirmation(page, T.written);
      await expect(stateOf(page)).toHaveText(T.stateNegotiating);
      await expect(page.locator('body')).not.toContainText(note);
      await checkPage(page, testInfo, 'dispute-applicant-negotiating');
    });

    let endsAt;
    await test.step('the month passes unsettled: overdue, and the supervisor writes the final view', async () => {
      endsAt = letTheMonthPass(code);
      // The deadline job flags it (every scheduler tick: each second in this suite, whose server
      // scripts/test.sh starts with SLA_TICK_SECONDS=1).
      await expect
        .poll(() => disputeRow(code).overdue_at, {
          message: 'the deadline job flags the dispute overdue (is the server running with SLA_TICK_SECONDS=1?)',
          timeout: 15_000,
        })
        .not.toBeNull();
      const sup = supervisor.page;
      await open(sup, testInfo, `/staff/requests/${code}`, true);
      const theirs = disputeOf(sup);
      await expect(theirs.getByRole('alert').filter({ hasText: T.overdue }), 'staff are told it is overdue').toBeVisible();
      await expect(theirs.locator('p.alert.error', { hasText: T.monthOver })).toBeVisible();
      await expect(theirs.locator('p.dispute-deadline'), 'no days left to count').toHaveCount(0);
      await expect(theirs.getByLabel(T.finalLabel, { exact: true })).toBeVisible();
      // No proposal was made: nothing to confirm as final.
      await expect(theirs.locator('#confirm-proposal')).toHaveCount(0);
      // Negotiation may still go on until the final view.
      await expect(theirs.getByLabel(T.messageLabel, { exact: true })).toBeVisible();
      await checkPage(sup, testInfo, 'dispute-supervisor-month-over', { js: true, phone: false });

      await theirs.getByLabel(T.finalLabel, { exact: true }).fill(finalText);
      await send(sup, theirs.getByRole('button', { name: T.finalSave, exact: true }), '/api/final_view', true);
      await expectConfirmation(sup, T.finalDone);
      await expect(stateOf(sup)).toHaveText(T.stateFinal);
      const final = theirs.locator('section.final-view');
      await expect(final.getByRole('heading', { level: 3, name: T.finalLabel })).toBeVisible();
      await expect(final.locator('p.message-body')).toHaveText(finalText);
      await expect(theirs.locator('form'), 'locked: no more forms').toHaveCount(0);
      await expect(theirs.getByText(T.overdue), 'no longer overdue once decided').toHaveCount(0);
      const stored = disputeRow(code);
      expect(stored.state).toBe('final_view');
      expect(stored.final_view).toBe(finalText);
      await checkPage(sup, testInfo, 'dispute-supervisor-final', { js: true, phone: false });
    });

    await test.step('the student reads the final view, can change nothing, and the history lists each step', async () => {
      await open(page, testInfo, `/requests/${code}`, js);
      await expect(stateOf(page)).toHaveText(T.stateFinal);
      const final = dispute.locator('section.final-view');
      await expect(final.getByRole('heading', { level: 3, name: T.finalLabel })).toBeVisible();
      await expect(final.locator('p.message-body')).toHaveText(finalText);
      await expect(final.locator('p.muted').first()).toHaveText(monthEnded(jalaliLong(endsAt - 1)));
      await expect(dispute.locator('form'), 'no more forms in the dispute').toHaveCount(0);
      await expect(dispute.locator('p.dispute-deadline')).toHaveCount(0);
      await expect(dispute.getByText(T.overdue), 'the overdue flag is for staff').toHaveCount(0);
      await expect(page.locator('body')).not.toContainText(note);
      await expect(threadOf(page)).toHaveCount(2);
      await expectPersianDates(page);
      // The server refuses any more writing.
      const late = await post(page, '/api/dispute_write', { multipart: { code, message: `هنوز قبول ندارم ${tag}` } });
      expect(late.status, late.text).toBe(422);
      expect(late.text).toContain(T.errClosed);
      await checkPage(page, testInfo, 'dispute-final-view');

      await openRequest(page, testInfo, `/requests/${code}`, js);
      const texts = await historyTexts(page);
      expectSteps(texts, [T.historyRaised, T.historyState(T.stateNegotiating), T.historyState(T.stateFinal)]);
      const raisedLine = texts.find((t) => t.includes(T.historyRaised));
      expect(raisedLine, 'raised by the student').toContain(STUDENT.name);
      expect(texts.join('\n'), 'the note leaves no trace in the history').not.toContain(note);
      await checkPage(page, testInfo, 'dispute-history');
    });
  } finally {
    await agent.context.close();
    await supervisor?.context.close();
  }
  expectNoCrashes(problems);
});

test('a dispute settled by agreement: the supervisor proposes, the student accepts', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(240_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const subject = `ثبت‌نام در سامانه با خطا پایان یافت ${tag}`;
  const description = `هنگام ثبت‌نام پیام خطا گرفتم و حساب کاربری ساخته نشد. (آزمون ${tag})`;
  const answer = `حساب شما ساخته شده است؛ با کد ملی و رمز خود وارد شوید. ${tag}`;
  const reasons = `با کد ملی و رمزم وارد نمی‌شوم و پاسخ داده‌شده با وضع حساب من نمی‌خواند. ${tag}`;
  const proposal = `رمز حساب شما بازنشانی می‌شود و رمز تازه با پیامک فرستاده می‌شود. ${tag}`;

  const agent = await staffBrowser(browser, testInfo, problems, DEMO_AGENT, 'agent');
  let supervisor;
  try {
    await signInAs(page, testInfo, STUDENT, js);
    const code = await fileRequest(page, testInfo, js, subject, description);
    await answerByApi(agent.page, code, answer);
    await raiseByApi(page, code, reasons, 'interpretation');

    await test.step('the supervisor proposes a settlement', async () => {
      supervisor = await staffBrowser(browser, testInfo, problems, SUPERVISOR, 'supervisor');
      const sup = supervisor.page;
      await open(sup, testInfo, `/staff/requests/${code}`, true);
      const theirs = disputeOf(sup);
      await expect(stateOf(sup)).toHaveText(T.stateOpen);
      await expect(fact(sup, T.subjectLabel)).toHaveText(T.interpretation);
      await theirs.getByLabel(T.kindLabel, { exact: true }).selectOption('proposal');
      await theirs.getByLabel(T.messageLabel, { exact: true }).fill(proposal);
      await expect(theirs.getByLabel(T.kindLabel, { exact: true }), 'still a proposal when sent').toHaveValue('proposal');
      await send(sup, theirs.getByRole('button', { name: T.send, exact: true }), '/api/dispute_write', true);
      const offered = threadOf(sup).filter({ hasText: proposal });
      await expect(offered.locator('.badge.initial')).toHaveText(T.proposalBadge);
      await expect(offered.getByText(T.acceptedBadge)).toHaveCount(0);
      await expectConfirmation(sup, T.written);
      await expect(stateOf(sup)).toHaveText(T.stateNegotiating);
      await checkPage(sup, testInfo, 'dispute-supervisor-proposal', { js: true, phone: false });
    });

    const dispute = disputeOf(page);
    await test.step('the student accepts it', async () => {
      await open(page, testInfo, `/requests/${code}`, js);
      await expect(stateOf(page)).toHaveText(T.stateNegotiating);
      const offered = threadOf(page).filter({ hasText: proposal });
      await expect(offered.locator('.badge.initial')).toHaveText(T.proposalBadge);
      const accept = dispute.getByRole('button', { name: T.accept, exact: true });
      await expect(accept).toBeVisible();
      await checkPage(page, testInfo, 'dispute-proposal');

      await send(page, accept, '/api/accept_proposal', js);
      await expectConfirmation(page, T.acceptedDone);
      await expect(stateOf(page)).toHaveText(T.stateSettled);
      await expect(dispute.locator('p.alert.success')).toContainText(T.stateSettled);
      await expect(threadOf(page).filter({ hasText: proposal }).locator('.badge.status-resolved')).toHaveText(T.acceptedBadge);
      // Locked: nothing more to write or accept, no deadline to count.
      await expect(dispute.locator('form')).toHaveCount(0);
      await expect(dispute.locator('p.dispute-deadline')).toHaveCount(0);
      await expectPersianDates(page);
      const stored = disputeRow(code);
      expect(stored.state).toBe('settled');
      expect(stored.settled_at).not.toBeNull();
      expect(stored.final_view).toBeNull();
      await checkPage(page, testInfo, 'dispute-settled');

      await openRequest(page, testInfo, `/requests/${code}`, js);
      const texts = await historyTexts(page);
      expectSteps(texts, [T.historyRaised, T.historyState(T.stateNegotiating), T.historyState(T.stateSettled)]);
    });

    await test.step('the supervisor sees it settled and can write no more', async () => {
      const sup = supervisor.page;
      await open(sup, testInfo, `/staff/requests/${code}`, true);
      await expect(stateOf(sup)).toHaveText(T.stateSettled);
      await expect(threadOf(sup).filter({ hasText: proposal }).locator('.badge.status-resolved')).toHaveText(T.acceptedBadge);
      await expect(disputeOf(sup).locator('form')).toHaveCount(0);
      const late = await post(sup, '/api/dispute_write', { multipart: { code, message: `پیشنهاد دیگر ${tag}`, kind: 'proposal' } });
      expect(late.status, late.text).toBe(422);
      expect(late.text).toContain(T.errClosed);
      await checkPage(sup, testInfo, 'dispute-supervisor-settled', { js: true, phone: false });
    });
  } finally {
    await agent.context.close();
    await supervisor?.context.close();
  }
  expectNoCrashes(problems);
});

test('reasons the server refuses come back in their box, with the message beside it', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(180_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const subject = `کد پیامکی با تأخیر زیاد می‌رسد ${tag}`;
  // Under the ten characters the server asks for (server::disputes::raise).
  const short = 'نادرست!';
  const reasons = `${short} کد پیامکی هنوز دیر می‌رسد و پاسخ داده‌شده مشکل را حل نکرد. ${tag}`;

  const agent = await staffBrowser(browser, testInfo, problems, DEMO_AGENT, 'agent');
  try {
    await signInAs(page, testInfo, STUDENT, js);
    const code = await fileRequest(page, testInfo, js, subject, `کد تأیید پیامکی گاهی پس از ده دقیقه می‌رسد. (آزمون ${tag})`);
    await answerByApi(agent.page, code, `تأخیر پیامک برطرف شد. ${tag}`);

    await open(page, testInfo, `/requests/${code}`, js);
    const dispute = disputeOf(page);
    const box = dispute.getByLabel(T.reasonsLabel, { exact: true });
    const interpretation = dispute.getByRole('radio', { name: T.interpretation, exact: true });
    await interpretation.check();
    await box.fill(short);
    // The browser would stop the post itself (minlength="10"); the server must refuse it too,
    // and that refusal is what this test reads, so the browser's own check is taken away.
    await expect(box).toHaveAttribute('minlength', '10');
    await box.evaluate((el) => el.removeAttribute('minlength'));
    await send(page, dispute.getByRole('button', { name: T.raise, exact: true }), '/api/raise_dispute', js);

    // The message stands beside the box, once; what was typed and chosen is still there.
    const error = dispute.locator('#reasons-error');
    await expect(error).toHaveText(T.errReasons);
    await expect(page.getByText(T.errReasons), 'said once').toHaveCount(1);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await expect(box).toHaveAttribute('aria-describedby', /\breasons-error\b/);
    await expect(box, 'the typed reasons are kept').toHaveValue(short);
    await expect(interpretation, 'the chosen subject is kept').toBeChecked();
    await expect(page).toHaveURL(new RegExp(`/requests/${code}/dispute$`));
    if (js) {
      // The page never left; the box the message is about has the focus.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.id), { message: 'the refused box has the focus' })
        .toBe('reasons');
    }
    expect(disputeRow(code), 'nothing was stored').toBeUndefined();
    await expect(stateOf(page)).toHaveCount(0);
    await checkPage(page, testInfo, 'dispute-refused');

    // Written out in full, the same form goes through.
    await box.fill(reasons);
    await send(page, dispute.getByRole('button', { name: T.raise, exact: true }), '/api/raise_dispute', js);
    await expectConfirmation(page, T.raised);
    await expect(stateOf(page)).toHaveText(T.stateOpen);
    await expect(fact(page, T.subjectLabel)).toHaveText(T.interpretation);
    await expect(dispute.locator('p.dispute-reasons')).toHaveText(reasons);
    await expect(dispute.locator('#reasons-error')).toHaveCount(0);
    expect(disputeRow(code)?.reasons).toBe(reasons);
    await checkPage(page, testInfo, 'dispute-raised-after-refusal');
  } finally {
    await agent.context.close();
  }
  expectNoCrashes(problems);
});

test('another applicant opening the request gets the not-found page and nothing of the dispute', async ({ page, browser, problems }, testInfo) => {
  test.setTimeout(150_000);
  const js = jsEnabled(testInfo);
  const tag = uniqueTag();
  const subject = `درخواست خصوصی با اعتراض ${tag}`;
  const reasons = `این دلایل اعتراض نباید به متقاضی دیگری نشان داده شود. ${tag}`;

  // The owner (the demo student) and the agent, each in a JavaScript desktop browser.
  const ownerContext = await browser.newContext(desktopContextOptions(testInfo));
  await instrumentContext(ownerContext, problems, 'owner', { js: true });
  const agent = await staffBrowser(browser, testInfo, problems, DEMO_AGENT, 'agent');
  let code;
  try {
    const owner = await ownerContext.newPage();
    await signIn(owner, testInfo, STUDENT);
    code = await fileRequest(owner, testInfo, true, subject, `شرح خصوصی این درخواست. (آزمون ${tag})`);
    await answerByApi(agent.page, code, `پاسخ خصوصی ${tag}`);
    await raiseByApi(owner, code, reasons);
    expect(disputeRow(code)?.state).toBe('open');
  } finally {
    await ownerContext.close();
    await agent.context.close();
  }

  await signInAs(page, testInfo, GRADUATE, js);
  await open(page, testInfo, `/requests/${code}`, js);
  await expect(page.getByRole('heading', { level: 1, name: T.notFoundTitle })).toBeVisible();
  await expect(page.getByText(T.notFound)).toBeVisible();
  await expect(disputeOf(page), 'no dispute section').toHaveCount(0);
  await expect(page.getByText(T.title)).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(subject);
  const html = await page.content();
  expect(html, 'the reasons are not in the page nor its data').not.toContain(reasons);
  expect(html).not.toContain(subject);
  // Nor through the app's endpoints: the same «not found» as for a request that does not exist.
  const read = await post(page, '/api/get_dispute', { form: { code } });
  expect(read.status, read.text).toBe(404);
  expect(read.text).not.toContain(reasons);
  const write = await post(page, '/api/dispute_write', { multipart: { code, message: `پیام ناخواسته ${tag}` } });
  expect(write.status, write.text).toBe(404);
  const raise = await post(page, '/api/raise_dispute', { multipart: { code, subject: 'execution', reasons: `اعتراض ناخواسته به درخواست دیگری ${tag}` } });
  expect(raise.status, raise.text).toBe(404);
  expect(disputeRow(code).reasons, 'the owner’s dispute is untouched').toBe(reasons);
  await checkPage(page, testInfo, 'someone-elses-dispute');
  expectNoCrashes(problems);
});
