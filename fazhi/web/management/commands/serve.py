from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from fazhi.web.server import SERVERS, default_server, refuse_builtin_secret_key, serve


class Command(BaseCommand):
    help = (
        "应用数据库迁移，然后用生产服务器提供服务 / apply migrations, then serve fazhi "
        "(gunicorn on Linux, waitress on Windows; --dev for Django's development server)"
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--dev", action="store_true",
                            help="Django 开发服务器（自动重载，不用于生产）/ Django's development server")
        parser.add_argument("--server", choices=SERVERS, default=default_server())
        parser.add_argument("--workers", type=int, default=settings.FAZHI_WEB_WORKERS,
                            help="gunicorn 进程数或 waitress 线程数 / gunicorn processes or waitress threads")
        parser.add_argument("--timeout", type=int, default=settings.FAZHI_WEB_TIMEOUT,
                            help="请求超时（秒）/ request timeout in seconds")

    def handle(self, *args, addrport, dev, server, workers, timeout, **options):
        host, _, port = addrport.rpartition(":") if ":" in addrport else ("127.0.0.1", "", addrport)
        host = host.strip("[]")
        if not port.isdigit() or not host:
            raise CommandError(f"地址应为“主机:端口”，如 127.0.0.1:8000 / expected HOST:PORT, got {addrport!r}")
        if workers < 1 or timeout < 1:
            raise CommandError("--workers 与 --timeout 须为正整数 / --workers and --timeout must be positive")
        try:
            refuse_builtin_secret_key()
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        call_command("migrate", interactive=False, verbosity=0)

        database = settings.DATABASES["default"]["NAME"]
        kind = "Django 开发服务器 / development server" if dev else f"{server}, {workers} × {timeout} s"
        self.stdout.write(f"fazhi 正在运行 / serving at http://{addrport}/  ({kind}; 数据库 / database: {database})")
        if settings.SECRET_KEY == settings.BUILTIN_SECRET_KEY:
            self.stdout.write("  使用内置 SECRET_KEY，仅供演示 / built-in SECRET_KEY: for a demonstration only")
        if dev:
            call_command("runserver", addrport, use_reloader=False)
            return
        # Imported here: loading the WSGI module sets Django up for serving, which `--dev` and
        # `manage help` must not do.
        from fazhi.wsgi import application

        # gunicorn forks its workers from this process: none may inherit the migration's connection.
        connections.close_all()
        serve(application, host=host, port=int(port), server=server, workers=workers, timeout=timeout)
