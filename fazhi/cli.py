"""The ``fazhi`` console command.

``fazhi import FILE [--json]`` parses a plan document without touching the
database; every other subcommand runs the Django management command of the
same purpose:

    fazhi run [ADDR:PORT] [--dev]  migrate, then serve (gunicorn; waitress on Windows;
                                   --dev: Django's development server)
    fazhi import FILE --jurisdiction NAME   parse and store a plan
    fazhi demo                     load both seed plans as demo jurisdictions
    fazhi createadmin              create a 系统管理员 account
    fazhi remind [--dry-run]       send reminder digests (cron-safe)
    fazhi check                    list 佐证材料 whose stored file is missing
    fazhi manage ARGS…             any Django management command
"""

from __future__ import annotations

import os
import sys

SUBCOMMANDS = {
    "run": "serve",
    "import": "import_plan",
    "demo": "load_demo",
    "createadmin": "createadmin",
    "remind": "remind",
    "check": "check_files",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        return 0
    command, rest = argv[0], argv[1:]
    if command == "import" and "--jurisdiction" not in rest and not any(a.startswith("--jurisdiction=") for a in rest):
        # Parsing alone needs no Django: import it only for this path so it runs without settings.
        from fazhi.plans.parsing.cli import run_import

        return run_import(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    # Only after the settings module is named: Django reads it on import.
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["fazhi", *rest])
        return 0
    if command not in SUBCOMMANDS:
        print(f"未知命令“{command}”，可用命令：{', '.join(SUBCOMMANDS)} / unknown command {command!r}", file=sys.stderr)
        return 2
    execute_from_command_line(["fazhi", SUBCOMMANDS[command], *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
