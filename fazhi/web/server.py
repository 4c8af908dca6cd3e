"""The production web server behind ``fazhi run``.

gunicorn, with synchronous worker processes, on Linux: its ``--timeout`` is a real request
timeout. A worker that has not answered within FAZHI_WEB_TIMEOUT seconds is killed and
replaced, so a hostile upload that parses for minutes, or grows to gigabytes, costs one worker
for a bounded time and gives its memory back when it dies; the other workers keep serving.
Workers are also recycled after ~1,000 requests, because CPython rarely returns the peak memory
of one large document to the system.

waitress on Windows, where gunicorn cannot run (some county intranets use Windows servers).
It is pure Python and buffers whole requests before a thread sees them, so slow clients cost
nothing; ``channel_timeout`` closes idle connections. It cannot stop a running request: a slow
one holds one of FAZHI_WEB_WORKERS threads until it ends, never the whole server.

Either way the WSGI application is fazhi.wsgi's, so WhiteNoise still serves static files, and
the built-in SECRET_KEY check in fazhi/wsgi.py applies. ``fazhi run --dev`` runs Django's
development server instead (auto-reload, no timeout, a listen backlog of 5).
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SERVERS = ("gunicorn", "waitress")


def default_server() -> str:
    return "waitress" if sys.platform == "win32" else "gunicorn"


def refuse_builtin_secret_key() -> None:
    """Stop a web server from starting with the public built-in SECRET_KEY outside a demo."""
    if settings.SECRET_KEY != settings.BUILTIN_SECRET_KEY or settings.FAZHI_DEMO or settings.DEBUG:
        return
    raise ImproperlyConfigured(
        "未设置 SECRET_KEY：内置密钥是公开的，用它签名的登录会话可被伪造。"
        "请把环境变量 SECRET_KEY 设为一串随机字符（例如 python3 -c \"import secrets; print(secrets.token_urlsafe(50))\" 的输出）；"
        "仅在本机演示时可设 FAZHI_DEMO=true（make run 即如此）。\n"
        "SECRET_KEY is not set: the built-in key is public and sessions signed with it can be forged. "
        "Set SECRET_KEY to a long random string; only a local demonstration may set FAZHI_DEMO=true "
        "(as `make run` does)."
    )


def serve(application, *, host: str, port: int, server: str, workers: int, timeout: int) -> None:
    """Serve ``application`` until interrupted. Blocks."""
    if server == "gunicorn":
        _serve_gunicorn(application, host=host, port=port, workers=workers, timeout=timeout)
    elif server == "waitress":
        import waitress  # installed everywhere, but only needed where it serves (Windows)

        waitress.serve(application, host=host, port=port, threads=workers, channel_timeout=timeout,
                       ident="fazhi")
    else:
        raise ValueError(f"unknown server {server!r}")


def _serve_gunicorn(application, *, host: str, port: int, workers: int, timeout: int) -> None:
    from gunicorn.app.base import BaseApplication  # gunicorn cannot even be imported on Windows

    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": min(timeout, 30),
        "max_requests": 1000,
        "max_requests_jitter": 100,
        "accesslog": "-",
        "proc_name": "fazhi",
        # gunicorn ≥ 25 opens a control socket under $HOME; two fazhi servers on one machine
        # (a test beside `make run`) would fight over it, and fazhi has no use for it.
        "control_socket_disable": True,
    }

    class FazhiGunicorn(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            return application

    FazhiGunicorn().run()
