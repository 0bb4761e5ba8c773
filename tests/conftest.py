from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# pytest keeps its assertion rewriting of the test modules, and of Hypothesis (the package of a pytest plugin,
# which pytest rewrites too), in __pycache__ so that each test process does not rewrite and compile them
# again, also where PYTHONDONTWRITEBYTECODE is set; the setting is restored once the tests are collected
_DONT_WRITE_BYTECODE = sys.dont_write_bytecode
sys.dont_write_bytecode = False

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

# the package's modules compiled to bytecode once, by the main test process: the many commands the
# tests start as processes then load them instead of compiling them each (also where
# PYTHONDONTWRITEBYTECODE is set, which stops only the writing)
if "PYTEST_XDIST_WORKER" not in os.environ:
    import compileall

    try:
        compileall.compile_dir(ROOT / "gkrules", quiet=2)
    except OSError:  # a read-only checkout: the commands compile as they go
        pass

# the parsed-rules cache of this test run lives in a directory of its own, removed at the end; the main
# test process makes it and parses the rules into it once, and its worker processes (pytest-xdist) and the
# commands the tests start read the rules from there instead of parsing the rule files each
if "PYTEST_XDIST_WORKER" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="gkrules-test-cache-")
    os.environ["GKRULES_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

    from gkrules.errors import GkError
    from gkrules.rulebook import load_ruleset

    try:
        load_ruleset(ROOT / "rules")
    except GkError:  # rules that do not load: the tests that use them say so
        pass


def pytest_collection_finish(session: pytest.Session) -> None:
    sys.dont_write_bytecode = _DONT_WRITE_BYTECODE


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The property tests (Hypothesis: hundreds of examples, seconds each) run first, in file order, and the
    many short tests after them: the test processes (pytest-xdist) share out the short ones at the end, so
    that none is left running a long test while the other has finished."""
    items.sort(key=lambda item: not getattr(getattr(item, "obj", None), "is_hypothesis_test", False))


# tests that need more examples say so with their own @settings; CI runs derandomized so a red run repeats
settings.register_profile(
    "gkrules",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("gkrules")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def ruleset():
    from gkrules.rulebook import ruleset as load

    return load(ROOT / "rules")


@pytest.fixture(scope="session")
def examples_dir(tmp_path_factory) -> Path:
    """A directory for the files a property test writes for each example, each example overwriting those of
    the one before (a numbered directory per example costs more than many an example)."""
    return tmp_path_factory.mktemp("examples")
