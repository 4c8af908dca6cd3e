"""`fazhi run` serves through a production server: real processes on 127.0.0.1, real sockets."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret-key-for-the-server-tests-0123456789-abcdefghijklmnop"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 10.0) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def wait_for(port: int, process: subprocess.Popen, path: str = "/") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        try:
            get(port, path, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not answer within 60 s")


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    output, _ = process.communicate(timeout=30)
    return output


@pytest.mark.parametrize("server", ["gunicorn", "waitress"])
def test_fazhi_run_migrates_and_serves_pages_and_static_files(server, tmp_path):
    port = free_port()
    env = {"FAZHI_VAR_DIR": str(tmp_path), "SECRET_KEY": SECRET, "DATABASE_URL": "", "FAZHI_DEMO": "false"}
    process = start(["-m", "fazhi.cli", "run", f"127.0.0.1:{port}", "--server", server, "--workers", "2"], env)
    try:
        wait_for(port, process, "/login/")
        login = get(port, "/login/")
        css = get(port, "/static/fazhi/fazhi.css")
    finally:
        output = stop(process)
    assert (tmp_path / "fazhi.sqlite3").exists()  # migrated first
    assert login.status == 200 and "登录" in login.body.decode()
    assert "default-src 'self'" in login.getheader("Content-Security-Policy")
    # WhiteNoise still serves static files, with their own caching headers.
    assert css.status == 200 and b".htmx-indicator" in css.body
    assert "public" in css.getheader("Cache-Control") and "no-store" not in css.getheader("Cache-Control")
    assert "fazhi 正在运行" in output and server in output


@pytest.mark.parametrize("server", ["gunicorn", "waitress"])
def test_a_slow_request_does_not_hold_the_server(server):
    port = free_port()
    code = ("from fazhi.web.server import serve; from tests.web.slow_app import application; "
            f"serve(application, host='127.0.0.1', port={port}, server={server!r}, workers=2, timeout=2)")
    process = start(["-c", code], {"PYTHONPATH": str(ROOT)})
    try:
        wait_for(port, process)
        slow = {}

        def ask_slow():
            began = time.monotonic()
            try:
                slow["status"] = get(port, "/slow", timeout=60).status
            except (OSError, http.client.HTTPException) as error:
                slow["status"] = type(error).__name__
            slow["seconds"] = time.monotonic() - began

        thread = threading.Thread(target=ask_slow)
        thread.start()
        time.sleep(0.5)
        began = time.monotonic()
        assert get(port, "/fast").status == 200
        assert time.monotonic() - began < 5  # not behind the 30 s one
        if server == "gunicorn":
            # The worker past its timeout is killed: the slow request ends unanswered, well before
            # its 30 s, and a fresh worker takes its place.
            thread.join(timeout=20)
            assert not thread.is_alive() and slow["status"] != 200 and slow["seconds"] < 15
            assert get(port, "/fast").status == 200
    finally:
        stop(process)
        thread.join(timeout=40)


def test_fazhi_run_refuses_the_builtin_secret_key_outside_a_demo(settings):
    settings.SECRET_KEY = settings.BUILTIN_SECRET_KEY
    settings.FAZHI_DEMO = settings.DEBUG = False
    with pytest.raises(CommandError, match="(?s)未设置 SECRET_KEY.*SECRET_KEY is not set"):
        call_command("serve", "127.0.0.1:1")


@pytest.mark.parametrize("env, refused", [
    ({}, True),
    ({"FAZHI_REQUIRE_SECRET_KEY": "0"}, True),
    ({"FAZHI_DEMO": "true"}, False),
    ({"FAZHI_DEBUG": "yes"}, False),
    ({"SECRET_KEY": SECRET}, False),
])
def test_every_wsgi_server_loading_fazhi_refuses_the_builtin_key_outside_a_demo(env, refused, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "FAZHI_DEMO", "FAZHI_DEBUG"}}
    result = subprocess.run([sys.executable, "-c", "import fazhi.wsgi"], cwd=ROOT, capture_output=True, text=True,
                            env={**clean, "FAZHI_VAR_DIR": str(tmp_path), "DATABASE_URL": "", **env})
    assert (result.returncode != 0) == refused, result.stderr
    if refused:
        assert "未设置 SECRET_KEY" in result.stderr and "FAZHI_DEMO=true" in result.stderr
