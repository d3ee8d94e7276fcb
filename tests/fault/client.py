#!/usr/bin/env python3
"""The client side of tests/fault/run: journeys and load against Certa replicas, a gate in
front of the SMTP server, and the mail read back from MailDev. Standard library only.

Every request has a time limit; every command prints its figures and exits non-zero when
an expectation fails.
"""

import argparse
import asyncio
import collections
import concurrent.futures
import hashlib
import http.client
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse

TIMEOUT = 15.0


def fail(msg):
    print(f"FAIL: {msg}", flush=True)
    sys.exit(1)


class Answer:
    def __init__(self, status, headers, body, elapsed):
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    def cookies(self):
        out = {}
        for k, v in self.headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                out[name.strip()] = rest.split(";", 1)[0]
        return out

    def json(self):
        return json.loads(self.body.decode())

    def text(self):
        return self.body.decode(errors="replace")


def request(base, method, path, headers=None, body=None, timeout=TIMEOUT, conn=None):
    """One request; a fresh connection unless `conn` is given."""
    u = urllib.parse.urlsplit(base)
    own = conn is None
    if own:
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    started = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return Answer(r.status, r.getheaders(), data, time.monotonic() - started)
    finally:
        if own:
            conn.close()


def expect(a, statuses, what):
    if a.status not in statuses:
        fail(f"{what}: {a.status} {a.text()[:300]}")


# --------------------------------------------------------------------------------------
def sign_in(base, email, password, note=lambda label, ans: ans):
    """Signs in through the login form (its CSRF cookie and field); the session cookie."""
    login = note("login page", request(base, "GET", "/login"))
    expect(login, {200}, "login page")
    anon = login.cookies().get("certa_csrf")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text())
    if not anon or not csrf:
        fail("the login page has no CSRF token")
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf": csrf.group(1)})
    signed = note(
        "sign in",
        request(
            base,
            "POST",
            "/login",
            {"cookie": f"certa_csrf={anon}", "content-type": "application/x-www-form-urlencoded"},
            form,
        ),
    )
    expect(signed, {303}, "sign in")
    session = signed.cookies().get("certa_session")
    if not session:
        fail("no session cookie after signing in")
    return session


def login(args):
    print(sign_in(args.base, args.email, args.password))


def journey(args):
    """Signs in on A, then alternates: a page on B, the checklist made on A and read on B,
    an upload address signed by A, the bytes sent to B when the address is Certa's own (B
    must accept A's signature; with S3 the address is the bucket's, and they go there),
    the upload completed on A, a second file streamed through B, both listed on A and
    downloaded through B."""
    a, b = args.a, args.b
    timings = []

    def timed(label, base, ans):
        where = {a: "A", b: "B"}.get(base, "bucket")
        timings.append((label, where, ans.status, ans.elapsed))
        return ans

    session = sign_in(a, args.email, args.password, lambda label, ans: timed(label, a, ans))
    cookie = {"cookie": f"certa_session={session}"}

    cal = timed("calendar page", b, request(b, "GET", "/calendar", cookie))
    expect(cal, {200}, "the session of A on B")
    audit = re.search(r'href="/audits/([0-9a-f-]{36})"', cal.text())
    token = re.search(r'name="csrf" value="([^"]+)"', cal.text())
    if not audit or not token:
        fail("the calendar lists no audit of the demo auditor")
    audit = audit.group(1)
    unsafe = dict(cookie, **{"x-csrf-token": token.group(1), "content-type": "application/json"})

    made = timed(
        "checklist", a, request(a, "POST", f"/api/v1/audits/{audit}/checklist", unsafe, "{}")
    )
    expect(made, {201, 409}, "create the checklist")
    items = timed(
        "checklist items", b, request(b, "GET", f"/api/v1/audits/{audit}/checklist", cookie)
    )
    expect(items, {200}, "read the checklist")
    item = items.json()["items"][0]["id"]

    def pdf(tag):
        return b"%PDF-1.4\n% certa fault journey " + tag + str(time.time_ns()).encode() + b"\n%%EOF\n"

    direct = pdf(b"direct ")
    sha = hashlib.sha256(direct).hexdigest()
    name = f"fault-journey-{os.getpid()}.pdf"
    ticket = timed(
        "upload address",
        a,
        request(
            a,
            "POST",
            "/api/v1/evidence/uploads",
            unsafe,
            json.dumps(
                {
                    "filename": name,
                    "size": len(direct),
                    "sha256": sha,
                    "content_type": "application/pdf",
                    "target": {"kind": "checklist_item", "id": item},
                }
            ),
        ),
    )
    expect(ticket, {201}, "ask for an upload address")
    t = ticket.json()
    target = urllib.parse.urlsplit(t["url"])
    headers = {k: v for k, v in t.get("headers", {}).items() if k.lower() != "content-length"}
    path = target.path + (f"?{target.query}" if target.query else "")
    own = target.path.startswith("/uploads/")
    dest = b if own else f"{target.scheme}://{target.netloc}"
    put = timed("upload" + (" to B" if own else ""), dest, request(dest, t["method"], path, headers, direct))
    expect(put, {200, 201, 204}, "B accepts the address A signed" if own else "the bucket takes the file")
    done = timed(
        "complete",
        a,
        request(a, "POST", f"/api/v1/evidence/uploads/{t['id']}/complete", unsafe, "{}"),
    )
    expect(done, {200}, "complete the upload")
    version = done.json()["id"]

    streamed = pdf(b"streamed ")
    query = urllib.parse.urlencode(
        {"target_kind": "checklist_item", "target_id": item, "filename": "fault-streamed.pdf"}
    )
    through = timed(
        "streamed upload",
        b,
        request(
            b,
            "POST",
            f"/api/v1/evidence?{query}",
            dict(unsafe, **{"content-type": "application/octet-stream"}),
            streamed,
        ),
    )
    expect(through, {201}, "stream a file through B")
    version2 = through.json()["id"]

    listed = timed(
        "evidence list",
        a,
        request(a, "GET", f"/api/v1/evidence?target_kind=checklist_item&target_id={item}", cookie),
    )
    expect(listed, {200}, "list the evidence")
    versions = {v["id"] for i in listed.json() for v in i["versions"]}
    if not {version, version2} <= versions:
        fail("A does not list both files")
    for vid, body in ((version, direct), (version2, streamed)):
        got = timed(
            "download",
            b,
            request(b, "GET", f"/api/v1/evidence/versions/{vid}/download", cookie),
        )
        if got.status in (302, 303, 307):
            loc = urllib.parse.urlsplit(got.header("location"))
            origin = f"{loc.scheme}://{loc.netloc}"
            got = timed(
                "download", origin, request(origin, "GET", loc.path + (f"?{loc.query}" if loc.query else ""))
            )
        expect(got, {200}, "download a file")
        if got.body != body:
            fail("a downloaded file differs from the uploaded one")

    for label, where, status, elapsed in timings:
        print(f"  {label:<16} {where:<6} {status} in {elapsed * 1000:.0f} ms")
    with open(args.out, "w") as f:
        json.dump(
            {"audit": audit, "item": item, "version": version, "filename": name, "sha256": sha},
            f,
        )
    kind = "Certa's own, accepted by B" if own else "the bucket's, presigned by A"
    print(
        f"journey ok: {len(timings)} requests alternating A and B; upload address {kind}; "
        f"evidence {version} and {version2}"
    )


# --------------------------------------------------------------------------------------
def invite(args):
    """Invites `count` addresses (each invitation is a mail in the outbox), spread over the
    replicas, `parallel` at a time."""
    bases = args.bases.split(",")
    auth = {"authorization": f"Bearer {args.token}", "content-type": "application/json"}
    local = threading.local()

    def one(i):
        base = bases[i % len(bases)]
        conns = getattr(local, "conns", None)
        if conns is None:
            conns = local.conns = {}
        body = json.dumps({"email": f"{args.prefix}-{i:05d}@fault.test", "roles": ["viewer"]})
        for attempt in range(3):
            u = urllib.parse.urlsplit(base)
            conn = conns.get(base) or http.client.HTTPConnection(u.hostname, u.port, timeout=TIMEOUT)
            conns[base] = conn
            try:
                ans = request(base, "POST", "/api/v1/members", auth, body, conn=conn)
                return ans.status, ans.elapsed
            except (OSError, http.client.HTTPException):
                conn.close()
                conns.pop(base, None)
                if attempt == 2:
                    return 0, 0.0
        return 0, 0.0

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.parallel) as pool:
        results = list(pool.map(one, range(args.count)))
    took = time.monotonic() - started
    statuses = collections.Counter(s for s, _ in results)
    slowest = max(e for _, e in results)
    print(
        f"invited {statuses.get(201, 0)}/{args.count} in {took:.1f} s "
        f"({args.count / took:.0f}/s, slowest {slowest * 1000:.0f} ms); statuses {dict(statuses)}"
    )
    if statuses.get(201, 0) != args.count:
        fail("not every invitation was accepted")


# --------------------------------------------------------------------------------------
def mails(args):
    """Reads MailDev back: the mails to addresses starting with `prefix` must be exactly
    `expect`, one per address, with unique Message-IDs."""
    deadline = time.monotonic() + args.wait
    while True:
        ans = request(args.maildev, "GET", "/api/email", timeout=60)
        expect(ans, {200}, "read MailDev")
        mine = [
            m
            for m in ans.json()
            if any(t.get("address", "").startswith(args.prefix + "-") for t in m.get("to", []))
        ]
        if len(mine) >= args.expect or time.monotonic() > deadline:
            break
        # Polls MailDev until the mails are there or the deadline passes.
        time.sleep(min(0.5, max(0.0, deadline - time.monotonic())))
    ids = [m.get("messageId") or (m.get("headers") or {}).get("message-id") for m in mine]
    to = [m["to"][0]["address"] for m in mine]
    dup_ids = [i for i, n in collections.Counter(ids).items() if n > 1]
    dup_to = [t for t, n in collections.Counter(to).items() if n > 1]
    print(
        f"MailDev holds {len(mine)} mails for {args.prefix}-*: {len(set(ids))} unique Message-IDs, "
        f"{len(set(to))} recipients, {len(dup_ids)} duplicates"
    )
    if None in ids:
        fail("a mail without a Message-ID")
    if dup_ids or dup_to:
        fail(f"duplicates: {dup_ids[:5]} {dup_to[:5]}")
    if len(mine) != args.expect:
        fail(f"{len(mine)} mails instead of {args.expect}")


# --------------------------------------------------------------------------------------
def load(args):
    """Requests in `threads` loops, alternating the replicas, until the file `until`
    exists; every request is bounded by `timeout`. Writes one JSON line per request:
    started (s since the run began), replica, path, status (0: no answer), elapsed, code."""
    bases = args.bases.split(",")
    paths = args.paths.split(",")
    auth = {"authorization": f"Bearer {args.token}"}
    out = open(args.out, "w")
    lock = threading.Lock()
    t0 = time.monotonic()
    # Set once `until` exists: ends every loop, including one waiting out its pause.
    stopped = threading.Event()

    def loop(n):
        i = n
        conns = {}
        while not stopped.is_set():
            base = bases[i % len(bases)]
            path = paths[(i // len(bases)) % len(paths)]
            i += 1
            u = urllib.parse.urlsplit(base)
            conn = conns.get(base) or http.client.HTTPConnection(u.hostname, u.port, timeout=args.timeout)
            conns[base] = conn
            start = time.monotonic()
            wall = time.time()
            status, code = 0, None
            try:
                ans = request(base, "GET", path, auth, conn=conn)
                status = ans.status
                if ans.header("content-type") == "application/problem+json":
                    code = ans.json().get("code")
                if ans.header("connection") == "close":
                    conn.close()
                    conns.pop(base, None)
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conns.pop(base, None)
                code = type(e).__name__
            rec = {
                "w": round(wall, 3),
                "t": round(start - t0, 3),
                "replica": "AB"[bases.index(base)] if len(bases) == 2 else base,
                "path": path,
                "status": status,
                "elapsed": round(time.monotonic() - start, 3),
                "code": code,
            }
            with lock:
                out.write(json.dumps(rec) + "\n")
            # The pace between requests (not a synchronisation): cut short by the stop.
            stopped.wait(args.pause)

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    while not os.path.exists(args.until):
        stopped.wait(0.05)
    stopped.set()
    for t in threads:
        t.join()
    out.close()


def outage(args):
    """Reads what `load` wrote around a database outage (`down` and `up`: seconds since
    the load began, when the restart was asked and when it returned) and checks: every
    answer was a success or 503 problem+json database_unavailable, none took longer than
    `bound`, and every request from `settle` seconds after `up` succeeded."""
    recs = [json.loads(line) for line in open(args.file)]
    # Wall-clock times, relative to the first request.
    w0 = min(r["w"] for r in recs)
    for r in recs:
        r["t"] = r["w"] - w0
    down, up = args.down - w0, args.up - w0
    by = collections.Counter(
        (r["status"], r["code"]) if r["status"] >= 400 or r["status"] == 0 else (r["status"], None)
        for r in recs
    )
    during = [r for r in recs if down <= r["t"] <= up + args.settle]
    failed = [r for r in recs if r["status"] >= 300 or r["status"] == 0]
    slowest = max(recs, key=lambda r: r["elapsed"])
    elapsed_failed = sorted(r["elapsed"] for r in failed) or [0.0]
    first_fail = min((r["t"] for r in failed), default=None)
    last_fail = max((r["t"] + r["elapsed"] for r in failed), default=None)
    after = [r for r in recs if r["t"] >= up + args.settle]
    print(f"  {len(recs)} requests, {len(during)} from the restart until {args.settle} s after it")
    answers = ", ".join(
        f"{s}{' ' + c if c else ''} x{n}" for (s, c), n in sorted(by.items(), key=str)
    )
    print(f"  answers: {answers}")
    print(
        f"  restart asked at +{down:.1f} s, done at +{up:.1f} s; failures from "
        f"{'-' if first_fail is None else f'+{first_fail:.1f} s'} to "
        f"{'-' if last_fail is None else f'+{last_fail:.1f} s'}"
    )
    print(
        f"  slowest answer {slowest['elapsed'] * 1000:.0f} ms ({slowest['status']}); failed answers "
        f"took at most {elapsed_failed[-1] * 1000:.0f} ms, median {elapsed_failed[len(elapsed_failed) // 2] * 1000:.0f} ms"
    )
    print(f"  after +{up + args.settle:.1f} s: {len(after)} requests, all succeeded: "
          f"{all(200 <= r['status'] < 300 for r in after)}")
    bad = [r for r in failed if not (r["status"] == 503 and r["code"] == "database_unavailable")]
    if bad:
        fail(f"{len(bad)} answers other than 503 database_unavailable, e.g. {bad[:3]}")
    if slowest["elapsed"] > args.bound:
        fail(f"an answer took {slowest['elapsed']:.1f} s (bound {args.bound} s)")
    if not after or not all(200 <= r["status"] < 300 for r in after):
        fail("requests still fail after the database came back")
    if not failed:
        print("  (no request failed: the restart fell between requests or the pool waited it out)")


# --------------------------------------------------------------------------------------
class Gate:
    """A relay in front of the SMTP server that can hold each session before it starts a
    message (`MAIL FROM`): with the gate shut (SIGUSR1) a worker that begins a mail waits
    without having sent any of it; SIGUSR2 opens it again."""

    def __init__(self, upstream_port, held_file):
        self.upstream_port = upstream_port
        self.open = asyncio.Event()
        self.open.set()
        self.held = 0
        self.held_file = held_file

    def count(self, n):
        """Sessions held now, kept in `held_file` for the script to poll."""
        self.held += n
        with open(self.held_file + ".tmp", "w") as f:
            f.write(str(self.held))
        os.replace(self.held_file + ".tmp", self.held_file)

    async def pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def session(self, client_r, client_w):
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_w.close()
            return
        back = asyncio.create_task(self.pipe(up_r, client_w))
        in_data = False
        try:
            while line := await client_r.readline():
                if in_data:
                    if line in (b".\r\n", b".\n"):
                        in_data = False
                else:
                    verb = line[:10].upper()
                    if verb.startswith(b"MAIL FROM") and not self.open.is_set():
                        self.count(+1)
                        await self.open.wait()
                        self.count(-1)
                    if verb.startswith(b"DATA"):
                        in_data = True
                up_w.write(line)
                await up_w.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            up_w.close()
            back.cancel()

    async def serve(self, port, ready_file):
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGUSR1, self.open.clear)
        loop.add_signal_handler(signal.SIGUSR2, self.open.set)
        loop.add_signal_handler(signal.SIGTERM, lambda: os._exit(0))
        self.count(0)
        server = await asyncio.start_server(self.session, "127.0.0.1", port)
        with open(ready_file, "w") as f:
            f.write(str(os.getpid()))
        async with server:
            await server.serve_forever()


def gate(args):
    asyncio.run(Gate(args.upstream, args.held).serve(args.port, args.ready))


# --------------------------------------------------------------------------------------
def main():
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="cmd", required=True)
    j = sub.add_parser("journey")
    j.add_argument("--a", required=True)
    j.add_argument("--b", required=True)
    j.add_argument("--email", required=True)
    j.add_argument("--password", required=True)
    j.add_argument("--out", required=True)
    i = sub.add_parser("invite")
    i.add_argument("--bases", required=True)
    i.add_argument("--token", required=True)
    i.add_argument("--prefix", required=True)
    i.add_argument("--count", type=int, required=True)
    i.add_argument("--parallel", type=int, default=8)
    m = sub.add_parser("mails")
    m.add_argument("--maildev", required=True)
    m.add_argument("--prefix", required=True)
    m.add_argument("--expect", type=int, required=True)
    m.add_argument("--wait", type=float, default=30)
    lo = sub.add_parser("load")
    lo.add_argument("--bases", required=True)
    lo.add_argument("--token", required=True)
    lo.add_argument("--paths", required=True)
    lo.add_argument("--until", required=True)
    lo.add_argument("--out", required=True)
    lo.add_argument("--threads", type=int, default=4)
    lo.add_argument("--timeout", type=float, default=20)
    lo.add_argument("--pause", type=float, default=0.02)
    o = sub.add_parser("outage")
    o.add_argument("--file", required=True)
    o.add_argument("--down", type=float, required=True)
    o.add_argument("--up", type=float, required=True)
    o.add_argument("--settle", type=float, default=3)
    o.add_argument("--bound", type=float, default=8)
    li = sub.add_parser("login")
    li.add_argument("--base", required=True)
    li.add_argument("--email", required=True)
    li.add_argument("--password", required=True)
    g = sub.add_parser("gate")
    g.add_argument("--port", type=int, required=True)
    g.add_argument("--upstream", type=int, required=True)
    g.add_argument("--ready", required=True)
    g.add_argument("--held", required=True)
    args = p.parse_args()
    {"journey": journey, "login": login, "invite": invite, "mails": mails, "load": load, "outage": outage, "gate": gate}[
        args.cmd
    ](args)


if __name__ == "__main__":
    main()
