"""The project's layer contract, checked by ``tests/test_layers.py`` with an AST walk.

Domain modules import only their own app and the layers below it; apps on one layer are
siblings and never import each other. Screens (views, urls, forms, access helpers, admin,
management commands, context processors) sit on top of every domain and may compose them;
nothing but tests imports the demo room. ``fazhi.lib`` and the plan importer
(``fazhi.plans.parsing``) stay free of Django.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

# Lowest first. Apps in one tuple are siblings. The registers, indicators and assessment apps
# join as: registers beside tracking, indicators above them, assessment above indicators.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("lib",),
    ("audit",),
    ("core",),
    ("orgs",),
    ("accounts",),
    ("files", "notify", "workcal"),
    ("plans",),
    ("tracking",),
    ("documents",),
    ("web",),
    ("demo",),
)
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
SCREEN_MODULES = {"views", "urls", "forms", "access", "admin", "context_processors", "management", "templatetags"}
PROJECT_GLUE = {"settings", "urls", "wsgi", "asgi", "cli", "__init__"}
DJANGO_FREE = ("fazhi.lib", "fazhi.plans.parsing")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(tree: ast.AST, package: str):
    """(line, imported module, inside a function) for every import of the tree; relative
    imports are resolved against ``package``."""
    def walk(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield child.lineno, alias.name, in_function
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[: len(package.split(".")) - child.level + 1]
                    yield child.lineno, ".".join(base + ([child.module] if child.module else [])), in_function
                elif child.module:
                    yield child.lineno, child.module, in_function
            yield from walk(child, nested)
    yield from walk(tree, False)


def _explained(lines: list[str], line: int) -> bool:
    """A comment on the import's line, or on the line above the block of imports it stands in."""
    index = line - 1
    while index > 0 and (lines[index - 1].strip().startswith(("import ", "from ")) or not lines[index - 1].strip()):
        index -= 1
    return "#" in lines[line - 1] or (index > 0 and lines[index - 1].strip().startswith("#"))


def _is_screen(module: str) -> bool:
    return bool(set(module.split(".")[2:]) & SCREEN_MODULES) or module.split(".")[-1] in SCREEN_MODULES


def layer_violations(root: Path) -> list[Violation]:
    """Every import under ``root/fazhi`` that breaks the contract, outside migrations."""
    violations = []
    for path in sorted((root / "fazhi").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = module_name(root, path)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        parts = module.split(".")
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines), filename=str(path))
        app = parts[1] if len(parts) > 1 else ""
        rel = str(path.relative_to(root))
        for line, imported, in_function in _imports(tree, package):
            target = imported.split(".")
            if module.startswith(DJANGO_FREE) and target[0] == "django":
                violations.append(Violation(rel, line, f"{module} must not import Django ({imported})"))
            if in_function and not _explained(lines, line):
                violations.append(Violation(rel, line, f"function-local import of {imported} without a comment "
                                                       "saying why"))
            if target[0] != "fazhi" or len(target) < 2:
                continue
            if module.startswith(DJANGO_FREE) and not imported.startswith(("fazhi.lib", module.rsplit(".", 1)[0])) \
                    and not imported.startswith("fazhi.plans.parsing"):
                violations.append(Violation(rel, line, f"{module} must import only Django-free code ({imported})"))
            other = target[1]
            if other == "demo" and app != "demo":
                violations.append(Violation(rel, line, f"only tests import the demo room ({imported})"))
                continue
            if app not in RANK or other not in RANK or other == app or _is_screen(module):
                continue
            if RANK[other] > RANK[app]:
                violations.append(Violation(rel, line, f"{app} imports upward: {imported}"))
            elif RANK[other] == RANK[app]:
                violations.append(Violation(rel, line, f"{app} imports its sibling {other}: {imported}"))
    return violations


def unknown_apps(root: Path) -> set[str]:
    """Packages under fazhi/ that the contract does not place."""
    apps = {p.name for p in (root / "fazhi").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    return apps - set(RANK)
