"""The web server under 50 concurrent clients: `fazhi run` against the development server.

Run: .venv/bin/python bench/serve_bench.py [--clients 50] [--requests 10] [--rounds 3]

Loads the demo data into a fresh SQLite database in a temporary directory, then for each
server (runserver = `fazhi run --dev`, the baseline; gunicorn and waitress = `fazhi run
--server …`) starts it on 127.0.0.1, logs in once as the 县司法局 clerk, and fires CLIENTS
threads that each open REQUESTS new connections, alternating the login page and the 任务台账
(/plans/, a signed-in page of ~50 ms; 我的填报 is not used because its cost, ~0.5 s at the demo's
size, is issue 18's item 1 and would measure the page rather than the server). A round is CLIENTS × REQUESTS requests; ROUNDS rounds per
server. Prints per server: requests, dropped connections (refused, reset, closed without an
answer, or no answer within 30 s), errors (any status but 200), and the median over the rounds
of p50 and p95 latency and of answered requests per second, with the latency ratios to
runserver's in the same run. Every client and server shares this machine's cores, so under 50
clients the latencies are mostly queueing: compare servers within one run, not across machines.
Target (issue 18): 0 dropped connections for the production server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-Demo-Passw0rd"
CLERK = "sifaju_suixi"
SIGNED_IN_PAGE = "/plans/"
SERVERS = {
    "runserver": ["--dev"],
    "gunicorn": ["--server", "gunicorn"],
    "waitress": ["--server", "waitress"],
}


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    dropped: int = 0
    errors: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float | None, status: int | None) -> None:
        with self.lock:
            if status is None:
                self.dropped += 1
            else:
                self.latencies.append(seconds)
                self.errors += status != 200


def fazhi(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "fazhi.cli", *args], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.DEVNULL, **kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, headers=None, body=None, timeout=30.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited before answering")
        try:
            request(port, "GET", "/login/", timeout=5)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within 60 s")


def log_in(port: int) -> str:
    """The Cookie header of a signed-in session of the clerk."""
    page = request(port, "GET", "/login/")
    csrf = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie")).group(1)
    body = urllib.parse.urlencode({"username": CLERK, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    answer = request(port, "POST", "/login/", body=body, headers={
        "Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}/login/"})
    session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie") or "")
    if answer.status != 302 or not session:
        raise RuntimeError(f"log-in failed ({answer.status})")
    return f"sessionid={session.group(1)}"


def fire(port: int, cookie: str, clients: int, per_client: int) -> Round:
    result = Round()
    start = threading.Barrier(clients)

    def client(index: int) -> None:
        start.wait()
        for n in range(per_client):
            signed_in = (index + n) % 2 == 0
            path, headers = (SIGNED_IN_PAGE, {"Cookie": cookie}) if signed_in else ("/login/", {})
            began = time.perf_counter()
            try:
                status = request(port, "GET", path, headers=headers).status
            except (OSError, http.client.HTTPException):
                status = None
            result.record(time.perf_counter() - began, status)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - began
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def bench_server(name: str, env, args) -> dict:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "fazhi.cli", "run", f"127.0.0.1:{port}", *SERVERS[name]],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, process)
        cookie = log_in(port)
        fire(port, cookie, clients=min(args.clients, 10), per_client=2)  # warm every worker's imports
        rounds = [fire(port, cookie, args.clients, args.requests) for _ in range(args.rounds)]
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "requests": sum(len(r.latencies) + r.dropped for r in rounds),
        "dropped": sum(r.dropped for r in rounds),
        "errors": sum(r.errors for r in rounds),
        "p50": statistics.median(percentile(r.latencies, 0.50) for r in rounds) * 1000,
        "p95": statistics.median(percentile(r.latencies, 0.95) for r in rounds) * 1000,
        "rate": statistics.median(len(r.latencies) / r.seconds for r in rounds),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10, help="requests per client per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--servers", default=",".join(SERVERS), help="comma-separated, runserver first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-serve-bench-") as var_dir:
        env = {**os.environ, "FAZHI_VAR_DIR": var_dir, "FAZHI_DEMO": "true", "FAZHI_DEMO_PASSWORD": PASSWORD,
               "FAZHI_LOG_LEVEL": "ERROR", "DATABASE_URL": "", "PYTHONPATH": str(ROOT)}
        env.pop("SECRET_KEY", None)
        print(f"loading the demo data into {var_dir} …", flush=True)
        fazhi(env, "manage", "migrate", "--no-input", "-v", "0")
        fazhi(env, "demo")
        print(f"{args.clients} clients × {args.requests} requests × {args.rounds} rounds per server; "
              f"pages: /login/ and {SIGNED_IN_PAGE} signed in as {CLERK}; cores: {os.cpu_count()}")
        print(f"{'server':<10} {'requests':>8} {'dropped':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'req/s':>6} {'p50 ×':>6} {'p95 ×':>6}")
        baseline = None
        for name in args.servers.split(","):
            figures = bench_server(name, env, args)
            baseline = baseline or figures
            print(f"{name:<10} {figures['requests']:>8} {figures['dropped']:>8} {figures['errors']:>7} "
                  f"{figures['p50']:>8.1f} {figures['p95']:>8.1f} {figures['rate']:>6.1f} "
                  f"{figures['p50'] / baseline['p50']:>6.2f} "
                  f"{figures['p95'] / baseline['p95']:>6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
