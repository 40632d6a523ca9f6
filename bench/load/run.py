#!/usr/bin/env python3
"""Load benchmark (run through bench/load/run.sh): throughput and latency of the run
list and of batch ingest under wrk at 64 and 256 connections, each without and with
2,000 idle + 100 slow-loris connections held open beside it (contract §12), a /healthz
prober, and the server's peak RSS; batch ingest once more with glibc's default number of
malloc arenas (the server itself limits them to 2).

usage: run.py EURIQA_BIN HOSTILE_HELPER       env: DURATION (seconds per wrk run, 60)
"""
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DURATION = int(os.environ.get("DURATION", "60"))
IDLE, SLOW = 2000, 100
GLIBC_DEFAULT_ARENAS = str(8 * (os.cpu_count() or 1))
RATE_LIMITS_OFF = {g: 0 for g in ("runsRead", "runsWrite", "testsRead", "testsWrite", "uploads",
                                  "projectsTeams", "apiKeysWebhooks", "flakiness")}


class Server:
    """euriqa serve on 127.0.0.1:0 with the given data dir and extra environment."""

    def __init__(self, binary, data, config, env_extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("EURIQA_") and k != "MALLOC_ARENA_MAX"}
        env.update(env_extra)
        self.log = open(data + ".log", "ab")
        self.proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--data", data, "--signup", "open",
                                      "--config", config], stdout=subprocess.PIPE, stderr=self.log, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode()
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                self.proc.stdout.close()  # as tests/api's TestServer does: logs go to stderr
                return
            if not line and self.proc.poll() is not None:
                break
        raise SystemExit("euriqa did not start; see " + data + ".log")

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            kb = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))
        return kb / 1024

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def call(port, method, path, body=None, key=None, cookie=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-API-Key"] = key
    if cookie:
        headers["Cookie"] = cookie
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"null"), r.headers


def seed(port):
    """A user, a team, a project, a member API key, and 100 runs of 20 results each."""
    user = {"email": "load@example.com", "password": "benchmark-pw", "name": "Load"}
    _, h = call(port, "POST", "/api/auth/register", user)
    cookie = h["Set-Cookie"].split(";")[0]
    team, _ = call(port, "POST", "/api/teams", {"name": "Load"}, cookie=cookie)
    project, _ = call(port, "POST", "/api/projects", {"name": "Web", "teamId": team["id"]}, cookie=cookie)
    key, _ = call(port, "POST", "/api/api-keys", {"name": "load", "projectId": project["id"], "role": "member"},
                  cookie=cookie)
    for n in range(100):
        run, _ = call(port, "POST", "/api/runs", {"projectId": project["id"], "status": "running", "branch": "main",
                                                  "commitSha": f"c{n:05d}", "runTitle": f"Nightly {n}"}, key=key["key"])
        tests = [{"title": f"test {i}", "fullTitle": f"suite > test {i}", "filePath": "tests/a.spec.ts",
                  "status": "failed" if i % 7 == 0 else "passed", "duration": 100 + i} for i in range(20)]
        call(port, "POST", "/api/tests/batch", {"runId": run["id"], "projectId": project["id"], "tests": tests},
             key=key["key"])
        call(port, "PATCH", f"/api/runs/{run['id']}", {"status": "failed"}, key=key["key"])
    return key["key"], project["id"]


def unread_requests(port):
    """wrk's connections (from 127.0.0.1) holding bytes the server has not read (Recv-Q > 0)."""
    out = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                         capture_output=True, text=True).stdout
    return {f[3] for f in (line.split() for line in out.splitlines())
            if len(f) >= 4 and int(f[0]) > 0 and f[3].startswith("127.0.0.1:")}


def starved_connections(port, stop):
    """wrk's connections whose request stays unread for 2 s in the middle of the run: wrk
    itself counts no error for a connection the server never serves."""
    if not stop.wait(max(0.0, DURATION / 2 - 1)):
        seen = unread_requests(port)
        for _ in range(2):
            if stop.wait(1):
                break
            seen &= unread_requests(port)
        return len(seen)
    return 0


def scenario(binary, helper, data, config, key, project, name, conns, hostile, env_extra=None):
    server = Server(binary, data, config, env_extra or {})
    try:
        args = ["runs", key, project]
        if name == "ingest":
            new_run = {"projectId": project, "status": "running"}
            runs = [call(server.port, "POST", "/api/runs", new_run, key=key)[0]["id"] for _ in range(2)]
            args = ["ingest", key, project] + runs
        counts = ["--idle", str(IDLE), "--slow", str(SLOW)] if hostile else ["--idle", "0", "--slow", "0"]
        probe = subprocess.Popen([helper, str(server.port)] + counts, stdout=subprocess.PIPE, text=True)
        ready = probe.stdout.readline().strip()
        stop = threading.Event()
        starved = {}
        watcher = threading.Thread(target=lambda: starved.setdefault("n", starved_connections(server.port, stop)))
        watcher.start()
        wrk = subprocess.run(["wrk", "-t2", f"-c{conns}", f"-d{DURATION}s", "--timeout", "5s", "-s",
                              os.path.join(HERE, "load.lua"), f"http://127.0.0.1:{server.port}", "--"] + args,
                             capture_output=True, text=True)
        stop.set()
        watcher.join()
        probe.send_signal(signal.SIGTERM)
        probe_out = json.loads(probe.stdout.read().strip().splitlines()[-1])
        probe.wait()
        m = re.search(r"^RESULT (\{.*\})$", wrk.stdout, re.M)
        if not m:
            raise SystemExit("wrk failed:\n" + wrk.stdout + wrk.stderr)
        w = json.loads(m.group(1))
        socket_errors = w["connect"] + w["read"] + w["write"] + w["timeout"]
        return {"name": name, "conns": conns, "hostile": hostile,
                "arena": (env_extra or {}).get("MALLOC_ARENA_MAX", "-"),
                "requests": w["requests"], "rps": w["requests"] / (w["duration_us"] / 1e6),
                "p50": w["p50_us"] / 1000, "p99": w["p99_us"] / 1000,
                "errors": w["status"] + socket_errors, "socket_errors": socket_errors, "s5xx": w["s5xx"],
                "starved": starved.get("n", 0), "healthz_p99": probe_out["healthz_p99_ms"],
                "probe_failures": probe_out["probe_failures"], "probes": probe_out["probes"],
                "rss": server.peak_rss_mb(), "ready": ready}
    finally:
        server.stop()


def fmt_ms(v):
    return ">2000" if v < 0 else f"{v:.1f}"  # the prober gives up on a probe after 2 s


def row(rows, name, conns, hostile, arena="-"):
    return next(r for r in rows if (r["name"], r["conns"], r["hostile"], r["arena"]) == (name, conns, hostile, arena))


def report(rows):
    print(f"{'scenario':<8} {'conns':>5} {'hostile':>7} {'arena':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>10} {'5xx':>5} {'socket':>6} {'starved':>7} {'healthz p99':>11} {'probe fail':>10} "
          f"{'peak RSS MB':>11}")
    for r in rows:
        errors = "no answer" if r["requests"] == 0 else str(r["errors"])  # wrk counts no error for a silent server
        print(f"{r['name']:<8} {r['conns']:>5} {('yes' if r['hostile'] else 'no'):>7} {r['arena']:>5} "
              f"{r['rps']:>9.0f} {r['p50']:>8.1f} {r['p99']:>8.1f} {errors:>10} {r['s5xx']:>5} "
              f"{r['socket_errors']:>6} {r['starved']:>7} {fmt_ms(r['healthz_p99']):>11} "
              f"{r['probe_failures']:>4}/{r['probes']:<5} {r['rss']:>11.1f}")
    print("errors: non-2xx answers + wrk socket errors; starved: wrk connections whose request the server "
          "left unread for 2 s mid-run (a lower bound); arena: MALLOC_ARENA_MAX\n")
    ratios = []
    for name in ("runs", "ingest"):
        for conns in (64, 256):
            base, hot = row(rows, name, conns, False), row(rows, name, conns, True)
            ratios.append(hot["rps"] / base["rps"] if base["rps"] else 0)
            print(f"throughput hostile/without  {name:<6} c={conns:<3}: {ratios[-1]:.2f}  (target >= 0.8: "
                  f"{'ok' if ratios[-1] >= 0.8 else 'MISSED'})")
    own, glibc = row(rows, "ingest", 256, False), row(rows, "ingest", 256, False, GLIBC_DEFAULT_ARENAS)
    print(f"ingest c=256 peak RSS: server's own 2 malloc arenas {own['rss']:.1f} MB, "
          f"glibc's default {GLIBC_DEFAULT_ARENAS} arenas {glibc['rss']:.1f} MB\n")
    targets = [("every scenario answered requests", all(r["requests"] > 0 for r in rows)),
               ("zero 5xx", all(r["s5xx"] == 0 for r in rows)),
               ("zero failed or starved requests",
                all(r["errors"] == 0 and r["requests"] > 0 and r["starved"] == 0 for r in rows)),
               ("healthz p99 < 100 ms", all(0 <= r["healthz_p99"] < 100 for r in rows)),
               ("peak RSS < 300 MB", all(r["rss"] < 300 for r in rows)),
               ("throughput hostile/without >= 0.8", all(x >= 0.8 for x in ratios))]
    for name, ok in targets:
        print(f"target: {name:<40} {'ok' if ok else 'MISSED'}")


def main():
    binary, helper = sys.argv[1], sys.argv[2]
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the server inherits it
    work = tempfile.mkdtemp(prefix="euriqa-load-")
    data, config = os.path.join(work, "data"), os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"rateLimits": RATE_LIMITS_OFF}, f)
    try:
        server = Server(binary, data, config, {})
        key, project = seed(server.port)
        server.stop()
        print(f"bench/load: {DURATION} s per wrk run (2 threads), hostile = {IDLE} idle + {SLOW} slow connections "
              f"from 127.0.0.2.., /healthz probed every 100 ms from 127.0.0.254", flush=True)
        plan = [(n, c, h, {}) for n in ("runs", "ingest") for c in (64, 256) for h in (False, True)]
        # The server limits malloc to 2 arenas itself; glibc's own default is 8 per core.
        plan.append(("ingest", 256, False, {"MALLOC_ARENA_MAX": GLIBC_DEFAULT_ARENAS}))
        rows = []
        for name, conns, hostile, env in plan:
            rows.append(scenario(binary, helper, data, config, key, project, name, conns, hostile, env))
            knobs = "".join(f" {k}={v}" for k, v in env.items())
            print(f"  done: {name} c={conns} hostile={'yes' if hostile else 'no'}{knobs} ({rows[-1]['ready']})",
                  flush=True)
        print()
        report(rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
