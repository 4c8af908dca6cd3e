"""notify is a ground layer: the apps that send reminders import it, never the other way round."""

import ast
from pathlib import Path

import fazhi.notify

ALLOWED = {"fazhi.notify", "fazhi.orgs", "fazhi.accounts", "fazhi.audit", "fazhi.lib", "fazhi.core"}


def test_notify_imports_no_app_above_it():
    root = Path(fazhi.notify.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    ours = {".".join(name.split(".")[:2]) for name in imported if name.startswith("fazhi.")}
    assert ours and ours <= ALLOWED, ours - ALLOWED
