#!/usr/bin/env python3
"""The SLA benchmarks (run by scripts/bench.sh): on one database engine, seed a year of
requests (BENCH_SLA_REQUESTS, default 1,000,000; the last BENCH_SLA_RECENT_DAYS, default 55,
in any state, so about 100,000 are open), start the server, and measure over HTTP:

- recomputing the clocks of the open requests after an admin adds a holiday, and after removing
  it (the add_closure / remove_closure calls, whose answer is how many requests were recomputed:
  those whose clocks the day can reach), and after a change of working hours, which reaches
  every open request (set_weekday_hours);
- the supervisors' dashboard (twelve Jalali months) as JSON and as a server-rendered page;
- the public figures (served from a one-minute cache) and the XLSX export;
- the finance report of the year over BENCH_PAYMENTS payments (default 1,000,000, seeded over
  those requests with their ledger lines and month totals), as JSON, as a page and as CSV.

Usage: bench_sla.py sqlite|postgres DATABASE_URL
"""
import datetime
import json
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from bench_load import login, oha, seed_and_serve, summary, wait_up  # noqa: E402


def gregorian_to_jalali(gy, gm, gd):
    """The civil (arithmetic) Jalali date of a Gregorian date; exact for 1343-1473 AP."""
    g_d_m = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    gy2 = gy + 1 if gm > 2 else gy
    days = 355666 + (365 * gy) + ((gy2 + 3) // 4) - ((gy2 + 99) // 100) + ((gy2 + 399) // 400) + gd + g_d_m[gm - 1]
    jy = -1595 + (33 * (days // 12053))
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        jm, jd = 1 + (days // 31), 1 + (days % 31)
    else:
        jm, jd = 7 + ((days - 186) // 30), 1 + ((days - 186) % 30)
    return jy, jm, jd


def working_days_ahead(count):
    """Jalali dates of the next `count` Saturday-Wednesday days in Tehran, from tomorrow."""
    tehran = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
    day = datetime.datetime.now(tehran).date()
    out = []
    while len(out) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() in (3, 4):  # Thursday, Friday
            continue
        y, m, d = gregorian_to_jalali(day.year, day.month, day.day)
        out.append(f"{y:04d}/{m:02d}/{d:02d}")
    return out


def post(base, cookie, endpoint, form):
    req = urllib.request.Request(
        f"{base}/api/{endpoint}",
        data=urllib.parse.urlencode(form).encode(),
        headers={"Cookie": cookie, "Accept": "application/json", "Origin": base,
                 "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as res:
        body = res.read()
    return time.perf_counter() - t0, json.loads(body)


def closures(base, cookie):
    _, cal = post(base, cookie, "calendar", {})
    return {c["jalali"]: c["id"] for c in cal["closures"]}


def main():
    engine, url = sys.argv[1], sys.argv[2]
    n = int(os.environ.get("BENCH_SLA_REQUESTS", "1000000"))
    recent = os.environ.get("BENCH_SLA_RECENT_DAYS", "55")
    payments = int(os.environ.get("BENCH_PAYMENTS", "1000000"))
    _, server, base, seed_s = seed_and_serve(
        url, ["--requests", str(n), "--lean", "--recent-days", recent],
        [["seed-payments", "--payments", str(payments)]])
    recomputes = []
    try:
        wait_up(f"{base}/healthz")
        admin = login(base, "0034567895", "poshtiban-demo")
        supervisor = login(base, "0023456787", "poshtiban-demo")
        for date in working_days_ahead(3):
            seconds, count = post(base, admin, "add_closure",
                                  {"date": date, "reason": "تعطیلی سنجش کارایی", "group_id": ""})
            recomputes.append(("add", date, count, seconds))
            seconds, count = post(base, admin, "remove_closure", {"id": str(closures(base, admin)[date])})
            recomputes.append(("remove", date, count, seconds))
        json_headers = [f"Cookie: {supervisor}", "Accept: application/json", "Origin: " + base,
                        "Content-Type: application/x-www-form-urlencoded"]
        body = os.path.join(tempfile.mkdtemp(prefix="poshtiban-sla."), "empty.body")
        open(body, "w").close()
        dash_api = summary(oha(f"{base}/api/sla_dashboard", n=60, c=1, method="POST",
                               headers=json_headers, body_file=body))
        dash_api4 = summary(oha(f"{base}/api/sla_dashboard", n=60, c=4, method="POST",
                                headers=json_headers, body_file=body))
        dash_page = summary(oha(f"{base}/staff/sla", n=40, c=1,
                                headers=[f"Cookie: {supervisor}", "Accept: text/html"]))
        public = summary(oha(f"{base}/api/sla_public", n=500, c=4, method="POST",
                             headers=["Accept: application/json", "Origin: " + base,
                                      "Content-Type: application/x-www-form-urlencoded"], body_file=body))
        xlsx = summary(oha(f"{base}/staff/sla/export.xlsx", n=20, c=1, headers=[f"Cookie: {supervisor}"]))
        # The finance report of this Jalali year (its months' totals, the unsettled attempts and
        # the exceptions), over the payments seeded above.
        year = working_days_ahead(1)[0][:4]
        fin_body = os.path.join(os.path.dirname(body), "year.body")
        with open(fin_body, "w") as f:
            f.write(f"year={year}")
        finance = summary(oha(f"{base}/api/finance_report", n=100, c=1, method="POST",
                              headers=json_headers, body_file=fin_body))
        finance4 = summary(oha(f"{base}/api/finance_report", n=100, c=4, method="POST",
                               headers=json_headers, body_file=fin_body))
        finance_page = summary(oha(f"{base}/staff/payments?year={year}", n=40, c=1,
                                   headers=[f"Cookie: {supervisor}", "Accept: text/html"]))
        finance_csv = summary(oha(f"{base}/staff/payments/export.csv?year={year}", n=20, c=1,
                                  headers=[f"Cookie: {supervisor}"]))
        # The worst case, last (its 170,000 row rewrites leave the database vacuuming for a
        # while): Wednesday's hours change, so every open request's clocks change.
        for end in ("13:00", "14:00"):
            seconds, count = post(base, admin, "set_weekday_hours", {"weekday": "4", "start": "08:00", "end": end})
            recomputes.append(("hours", f"Wednesday 08:00-{end}", count, seconds))
    finally:
        server.terminate()
        server.wait()
    print(f"\n== SLA on {engine}: {n:,} requests over twelve months (seeded in {seed_s[0]:.0f} s), "
          f"{payments:,} payments (seeded in {seed_s[1]:.0f} s) ==")
    open_now = max(count for kind, _, count, _ in recomputes if kind == "hours")
    print(f"open requests: {open_now:,}")
    for kind, date, count, seconds in recomputes:
        what = {"add": "holiday added  ", "remove": "holiday removed", "hours": "hours set      "}[kind]
        target = " (target < 2 s)" if kind != "hours" else " (every open request)"
        print(f"recompute after {what} {date}: {count:,} open requests within reach, "
              f"{seconds:.2f} s{target}")
    print(f"{'measure':52} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} {'2xx':>9}")
    for label, r in [("dashboard API, 12 months, concurrency 1", dash_api),
                     ("dashboard API, 12 months, concurrency 4", dash_api4),
                     ("dashboard page (SSR), concurrency 1", dash_page),
                     ("public figures API (cached a minute), concurrency 4", public),
                     ("XLSX export, concurrency 1", xlsx),
                     ("finance report API, a year, concurrency 1", finance),
                     ("finance report API, a year, concurrency 4", finance4),
                     ("finance page (SSR), concurrency 1", finance_page),
                     ("finance CSV export, concurrency 1", finance_csv)]:
        print(f"{label:52} {r['rps']:7.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['ok']:>4}/{r['total']:<4}")
    print("dashboard and finance report target: p99 < 500 ms")


if __name__ == "__main__":
    main()
