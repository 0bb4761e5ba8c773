"""How the package's modules may import each other, read from their source (``ast``), not by running them."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "gkrules"


@functools.lru_cache(maxsize=None)
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of a file's syntax tree, parsed once per test process (the tests only read them)."""
    return tuple(ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, absolute (``from ..cli import x`` in gkrules/a/b.py → ``gkrules.cli``)."""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)[:-1]  # also right for __init__.py
    out: set[str] = set()
    for node in _nodes(path):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return out


def package_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_reader_resolves_relative_imports(tmp_path):
    assert "gkrules.cli._calendar" in imported_modules(PACKAGE / "cli" / "deadline.py")
    assert "gkrules.errors" in imported_modules(PACKAGE / "cli" / "__init__.py")


def test_no_test_dependency_is_imported_by_the_package():
    """hypothesis and pytest are the test extra: a plain install must run every command without them."""
    bad = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"hypothesis", "pytest"}
        )
        for path in package_files()
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_nothing_outside_the_command_line_imports_it():
    """Layers point one way: ``gkrules/cli/*`` uses the package; no other module imports ``gkrules.cli``."""
    cli = PACKAGE / "cli"
    bad = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            m for m in imported_modules(path) if m == "gkrules.cli" or m.startswith("gkrules.cli.")
        )
        for path in package_files()
        if cli not in path.parents and path.name != "__main__.py"
    }
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_package_imports_its_own_modules_without_guards():
    """No module of this package is imported under ``try/except ImportError`` or behind a ``find_spec`` check."""
    found = []
    for path in package_files():
        for node in _nodes(path):
            if isinstance(node, ast.Try) and any(
                isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
                for h in node.handlers
            ):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} try/except ImportError")
            if isinstance(node, ast.Attribute) and node.attr == "find_spec":
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} find_spec")
    assert found == []


def test_each_command_is_where_the_command_line_looks_for_it():
    """``gkrules.cli.WHERE`` names the module of each command, so that one command imports only its own."""
    import importlib

    from gkrules import cli

    found = {}
    for path in sorted((PACKAGE / "cli").glob("[!_]*.py")):
        module = importlib.import_module(f"gkrules.cli.{path.stem}")
        found.update({command.name: path.stem for command in getattr(module, "COMMANDS", ())})
    assert {name: cli.WHERE[name] for name in found if name in cli.WHERE} == {
        n: m for n, m in found.items() if n in cli.WHERE
    }
    assert set(cli.WHERE) <= set(found)
    assert cli.cli.list_commands(None) == sorted(found)


def test_one_command_imports_only_its_own_module():
    import subprocess
    import sys

    code = (
        "import sys; from gkrules.cli import cli; import click;"
        "cli.get_command(click.Context(cli), 'deadline');"
        "print(sorted(m for m in sys.modules if m.startswith('gkrules.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "gkrules.cli.deadline" in out
    for other in ("gkrules.cli.audit", "gkrules.audit", "gkrules.report", "gkrules.engine", "durable"):
        assert f"'{other}'" not in out


def test_starting_the_command_line_loads_no_rules():
    """``gkrules --version``, ``--help`` of the group and usage errors need click, not the rules or pydantic."""
    import subprocess
    import sys

    code = "import sys, gkrules.cli; print(sorted(m for m in sys.modules if m.startswith(('gkrules', 'durable', 'pydantic'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "'gkrules.rulebook'" not in out and "'pydantic'" not in out and "'durable'" not in out


def test_only_the_engine_module_imports_durable_rules():
    importers = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path in package_files()
        if any(m.split(".")[0] == "durable" for m in imported_modules(path))
    )
    assert importers == ["gkrules/engine.py"]
