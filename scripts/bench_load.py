#!/usr/bin/env python3
"""The load part of `make bench`: seeds N requests, serves the app on one engine, and drives it
with `oha`: request creation over HTTP at concurrency 1 and 16 (every created request counted
afterwards: none lost, none doubled), and the latency of the staff queue page, a request page
and a search (p50, p99), plus server memory. Also measures the machine's own limits: a bare axum
handler and one SQLite transaction with one INSERT.

usage: bench_load.py ENGINE DATABASE_URL N   (ENGINE is a label; the binary comes from
CARGO_TARGET_DIR)."""

import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import struct
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

BIN = os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "poshtiban")
BENCH_BIN = os.path.join(os.environ["CARGO_TARGET_DIR"], "release", "poshtiban-bench")
OHA = os.environ.get("OHA", "oha")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_up(url):
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except Exception:
            time.sleep(0.1)
    raise SystemExit(f"server at {url} did not start")


# The demo authenticator's key (server::platform::seed::DEMO_TOTP_SECRET): supervisors and
# admins give a second factor after their password.
DEMO_TOTP_SECRET = "POSHTIBANDEMOSTAFFSECRETKEYAAAAA"


def totp(secret, step):
    """The RFC 6238 code (SHA-1, six digits, 30-second steps) of a base32 key at `step`."""
    mac = hmac.new(base64.b32decode(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def login(base, identifier, password):
    """Signs in (with the demo authenticator's code when the account needs a second factor);
    returns the session cookie."""
    headers = {"accept": "application/json", "origin": base}
    data = urllib.parse.urlencode({"identifier": identifier, "password": password}).encode()
    req = urllib.request.Request(f"{base}/api/login", data=data, headers=headers)
    with urllib.request.urlopen(req) as res:
        cookie = res.headers.get("set-cookie", "").split(";")[0]
        next_page = json.loads(res.read())
    if next_page != "/login/2fa":
        return cookie
    # Each code is taken once per account: this step's, else the next one's.
    for step in (int(time.time()) // 30, int(time.time()) // 30 + 1):
        data = urllib.parse.urlencode({"code": totp(DEMO_TOTP_SECRET, step)}).encode()
        req = urllib.request.Request(f"{base}/api/verify_second_factor", data=data,
                                     headers=dict(headers, cookie=cookie))
        try:
            with urllib.request.urlopen(req) as res:
                # The waiting sign-in's cookie is cleared beside the session's.
                return next(c.split(";")[0] for c in res.headers.get_all("set-cookie", [])
                            if not c.startswith("poshtiban_2fa="))
        except urllib.error.HTTPError:
            continue
    raise SystemExit(f"{identifier}: the second factor was refused")


def oha(url, n=None, duration=None, c=1, method="GET", headers=(), body_file=None):
    args = [OHA, "--no-tui", "--output-format", "json", "-c", str(c)]
    args += ["-n", str(n)] if n else ["-z", duration]
    args += ["-m", method]
    for h in headers:
        args += ["-H", h]
    if body_file:
        args += ["-D", body_file]
    args.append(url)
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def summary(r):
    s = r["summary"]
    p = r["latencyPercentiles"]
    ok = sum(v for k, v in r.get("statusCodeDistribution", {}).items() if k.startswith("2"))
    return {
        "rps": s["requestsPerSec"],
        "p50": p["p50"] * 1000,
        "p99": p["p99"] * 1000,
        "ok": ok,
        "total": sum(r.get("statusCodeDistribution", {}).values()),
    }


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def count(env):
    out = subprocess.run([BENCH_BIN, "count"], env=env, check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), (out[1] if len(out) > 1 else "")


def multipart_body(path, boundary):
    parts = {
        "type_id": "1",
        "subject": "کد تأیید پیامکی نمی‌رسد",
        "description": "هنگام ورود به سامانه سجاد کد تأیید پیامکی برای من ارسال نمی‌شود.",
    }
    chunks = []
    for k, v in parts.items():
        chunks.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
    chunks.append(f"--{boundary}--\r\n")
    with open(path, "wb") as f:
        f.write("".join(chunks).encode())


def baseline(tmp):
    port = free_port()
    proc = subprocess.Popen([BENCH_BIN, "baseline", "--port", str(port), "--db", os.path.join(tmp, "baseline.db")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(f"http://127.0.0.1:{port}/bare")
        bare = summary(oha(f"http://127.0.0.1:{port}/bare", duration="5s", c=16))
        insert = summary(oha(f"http://127.0.0.1:{port}/insert", duration="5s", c=16))
    finally:
        proc.terminate()
        proc.wait()
    return bare, insert


def seed_and_serve(url, seed_args, more=()):
    """Seeds the database at `url` (`poshtiban-bench seed` with `seed_args`, then each further
    `poshtiban-bench` command in `more`) and starts the server on it, with the gateway
    simulator. Returns the server's environment, its process (the caller stops it), its base
    URL, and the seconds each seeding step took."""
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn", SEED_DEMO="true",
               PAYMENT_SIMULATOR="127.0.0.1:0")
    seed_s = []
    for args in [["seed", *seed_args], *more]:
        t0 = time.time()
        subprocess.run([BENCH_BIN, *args], env=env, check=True, stdout=subprocess.DEVNULL)
        seed_s.append(time.time() - t0)
    port = free_port()
    env["LEPTOS_SITE_ADDR"] = f"127.0.0.1:{port}"
    server = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return env, server, f"http://127.0.0.1:{port}", seed_s


def main():
    engine, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    tmp = tempfile.mkdtemp(prefix="poshtiban-bench.")
    env, server, base, seed_s = seed_and_serve(url, ["--requests", str(n)])
    rows = []
    try:
        wait_up(f"{base}/healthz")
        staff = login(base, "0012345679", "poshtiban-demo")
        applicant = login(base, "0499370899", "poshtiban-demo")
        before, code = count(env)
        body = os.path.join(tmp, "create.body")
        boundary = "poshtibanbench7d1e"
        multipart_body(body, boundary)
        create_headers = [f"Cookie: {applicant}", "Accept: application/json",
                          f"Content-Type: multipart/form-data; boundary={boundary}"]
        c1 = summary(oha(f"{base}/api/create_request", n=500, c=1, method="POST", headers=create_headers, body_file=body))
        c16 = summary(oha(f"{base}/api/create_request", n=4000, c=16, method="POST", headers=create_headers, body_file=body))
        after, _ = count(env)
        created_ok = c1["ok"] + c16["ok"]
        verdict = "none lost, none doubled" if after - before == created_ok else f"MISMATCH: {after - before} rows for {created_ok} answers"
        page_headers = [f"Cookie: {staff}", "Accept: text/html"]
        queue = summary(oha(f"{base}/staff", n=300, c=1, headers=page_headers))
        due = summary(oha(f"{base}/staff?sort=due", n=300, c=1, headers=page_headers))
        request = summary(oha(f"{base}/staff/requests/{code}", n=300, c=1, headers=page_headers))
        q = urllib.parse.quote("کتابخانه خوابگاه")
        search = summary(oha(f"{base}/staff?q={q}", n=300, c=1, headers=page_headers))
        search_api = summary(oha(f"{base}/api/staff_queue", n=300, c=1, method="POST",
                                 headers=[f"Cookie: {staff}", "Accept: application/json",
                                          "Content-Type: application/x-www-form-urlencoded"],
                                 body_file=write(tmp, "q.body", f"q={q}")))
        memory = rss_mb(server.pid)
        # Paying fees (a student's enrolment certificate) through the gateway simulator: the
        # callbacks at concurrency 16, each a verification and a settlement.
        out = subprocess.run([BENCH_BIN, "pay", "--base", base, "--payments", os.environ.get("BENCH_PAYMENTS_PAID", "2000"),
                              "--concurrency", "16"], env=env, check=True, capture_output=True, text=True).stdout
        pay = json.loads(out.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait()
    bare, insert = baseline(tmp) if engine == "sqlite" else (None, None)
    print(f"\n== {engine}: {after:,} requests (seeded {n:,} in {seed_s[0]:.0f} s) ==")
    print(f"{'measure':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for label, r in [("create a request over HTTP, concurrency 1", c1),
                     ("create a request over HTTP, concurrency 16", c16),
                     ("staff queue page (SSR), concurrency 1", queue),
                     ("queue page, soonest due first, concurrency 1", due),
                     ("request page (SSR), concurrency 1", request),
                     ("search page «کتابخانه خوابگاه», concurrency 1", search),
                     ("search API (JSON), concurrency 1", search_api)]:
        print(f"{label:44} {r['rps']:9.0f} {r['p50']:8.1f} {r['p99']:8.1f}")
    print(f"created {created_ok:,} requests with 2xx answers; {verdict}; {c1['total'] + c16['total'] - created_ok} refused")
    print(f"{'verified payments, concurrency 16':44} {pay['rps']:9.0f} {pay['p50']:8.1f} {pay['p99']:8.1f}")
    paid_verdict = ("each credited once" if pay["credited"] == pay["payments"] == pay["paid_answers"]
                    else f"MISMATCH: {pay['credited']} credits, {pay['paid_answers']} paid answers")
    print(f"paid {pay['payments']:,} fees through the simulator ({pay['setup_s']:.0f} s to file and start them): "
          f"{paid_verdict}; {pay['rps'] / c16['rps']:.2f} x the filing rate at 16 (target: at least 0.5)")
    print(f"server memory after the load: {memory:.0f} MB")
    if bare:
        print(f"machine: bare axum handler {bare['rps']:,.0f} req/s; one SQLite transaction with one INSERT {insert['rps']:,.0f} req/s (concurrency 16)")
        print(f"ratios: creation at 16 = {c16['rps'] / insert['rps']:.2f} x the bare INSERT; queue page at 1 = {queue['rps'] / bare['rps']:.3f} x the bare handler")


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


if __name__ == "__main__":
    main()
