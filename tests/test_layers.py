"""Imports point one way (see tests/layers.py); a planted upward import fails."""

from pathlib import Path

from tests.layers import layer_violations, unknown_apps

ROOT = Path(__file__).resolve().parent.parent


def test_every_app_has_a_place_in_the_layers():
    assert unknown_apps(ROOT) == set()


def test_no_domain_module_imports_upward_or_sideways():
    violations = layer_violations(ROOT)
    assert not violations, "\n".join(map(str, violations))


def _plant(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    for parent in path.relative_to(root).parents:
        if str(parent) != ".":
            (root / parent / "__init__.py").touch()
    path.write_text(source, encoding="utf-8")


def test_a_planted_upward_import_is_caught(tmp_path):
    _plant(tmp_path, "fazhi/orgs/services.py", "from fazhi.tracking.services import assignments_follow\n")
    _plant(tmp_path, "fazhi/plans/services.py", "def f():\n    from fazhi.tracking.models import Period\n")
    _plant(tmp_path, "fazhi/files/store.py", "from fazhi.notify import transports\n")
    _plant(tmp_path, "fazhi/lib/dates.py", "import django.utils.timezone\n")
    _plant(tmp_path, "fazhi/tracking/services.py", "from fazhi.demo.directory import demo_directory_load\n")
    _plant(tmp_path, "fazhi/audit/models.py", "from ..orgs.models import Unit\n")
    _plant(tmp_path, "fazhi/core/helpers.py", "def f():\n    import json\n")
    found = {(v.path, v.message.split(":")[0].split(" (")[0]) for v in layer_violations(tmp_path)}
    assert found == {
        ("fazhi/orgs/services.py", "orgs imports upward"),
        ("fazhi/plans/services.py", "plans imports upward"),
        ("fazhi/plans/services.py", "function-local import of fazhi.tracking.models without a comment saying why"),
        ("fazhi/files/store.py", "files imports its sibling notify"),
        ("fazhi/lib/dates.py", "fazhi.lib.dates must not import Django"),
        ("fazhi/tracking/services.py", "only tests import the demo room"),
        ("fazhi/audit/models.py", "audit imports upward"),
        ("fazhi/core/helpers.py", "function-local import of json without a comment saying why"),
    }


def test_screens_compose_domains_and_a_commented_local_import_is_allowed(tmp_path):
    _plant(tmp_path, "fazhi/orgs/views.py", "from fazhi.tracking.services import assignments_follow\n")
    _plant(tmp_path, "fazhi/plans/management/commands/import_plan.py", "from fazhi.tracking.services import x\n")
    _plant(tmp_path, "fazhi/tracking/services.py",
           "def f():\n    # lazy: keeps `fazhi --help` fast\n    from fazhi.plans.models import Plan\n")
    assert layer_violations(tmp_path) == []
