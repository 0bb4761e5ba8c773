from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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

# the parsed-rules cache of this test run lives in a directory of its own, removed at the end
_CACHE = tempfile.mkdtemp(prefix="gkrules-test-cache-")
os.environ["GKRULES_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

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
