from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations, then serve fazhi (development server; use gunicorn in production)."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"fazhi 正在运行 / serving at http://{addrport}/  (数据库 / database: {settings.DATABASES['default']['NAME']})")
        call_command("runserver", addrport, use_reloader=False)
