#!/usr/bin/env python3
"""The load part of `make bench`: seeds N requests, serves the app on one engine, and drives it
with `oha`: request creation over HTTP at concurrency 1 and 16 (every created request counted
afterwards: none lost, none doubled), and the latency of the staff queue page, a request page
and a search (p50, p99), plus server memory. Also measures the machine's own limits: a bare axum
handler and one SQLite transaction with one INSERT.

usage: bench_load.py ENGINE DATABASE_URL N   (ENGINE is a label; the binary comes from
CARGO_TARGET_DIR)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
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


def login(base, identifier, password):
    data = urllib.parse.urlencode({"identifier": identifier, "password": password}).encode()
    req = urllib.request.Request(f"{base}/api/login", data=data, headers={"accept": "application/json"})
    with urllib.request.urlopen(req) as res:
        cookie = res.headers.get("set-cookie", "")
    return cookie.split(";")[0]


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


def seed_and_serve(url, seed_args):
    """Seeds the database at `url` (`poshtiban-bench seed` with `seed_args`) and starts the server on it.
    Returns the server's environment, its process (the caller stops it), its base URL, and the
    seconds seeding took."""
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn", SEED_DEMO="true")
    t0 = time.time()
    subprocess.run([BENCH_BIN, "seed", *seed_args], env=env, check=True, stdout=subprocess.DEVNULL)
    seed_s = time.time() - t0
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
    finally:
        server.terminate()
        server.wait()
    bare, insert = baseline(tmp) if engine == "sqlite" else (None, None)
    print(f"\n== {engine}: {after:,} requests (seeded {n:,} in {seed_s:.0f} s) ==")
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
