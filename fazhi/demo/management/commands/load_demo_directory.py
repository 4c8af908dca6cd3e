from django.core.management.base import BaseCommand, CommandError

from fazhi.demo.directory import demo_directory_load, demo_directory_names
from fazhi.orgs.models import Unit


class Command(BaseCommand):
    help = "Load the demo unit directory of 濉溪县 and/or 屯溪区 (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", help=f"jurisdictions, default all of {demo_directory_names()}"
        )

    def handle(self, *args, names, **options):
        for name in names or demo_directory_names():
            try:
                jurisdiction = demo_directory_load(jurisdiction_name=name)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            units = Unit.objects.filter(jurisdiction=jurisdiction)
            self.stdout.write(
                f"{jurisdiction.name}: {units.count()} units ({units.filter(is_sample=True).count()} sample)"
            )
