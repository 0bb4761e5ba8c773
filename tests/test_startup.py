"""What a command does at start-up: only what it uses is imported and compiled, and the caches that spare
the work are keyed by content and never change an answer."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cachedir import with_parsed_rules

from gkrules.errors import InputError
from gkrules.letter import wordings

ROOT = Path(__file__).resolve().parent.parent


def test_a_wording_that_does_not_compile_is_reported_with_its_line_when_its_group_is_used(tmp_path):
    path = tmp_path / "receipt.yml"
    path.write_text(
        "description: 收到申请\n"
        "groups:\n"
        "  verbs:\n"
        "    - pattern: 收到\n"
        "      source: 条例第三十条\n"
        "    - pattern: 收悉(\n"
        "      source: 条例第三十条\n",
        encoding="utf-8",
    )
    w = wordings.load("receipt", str(tmp_path))  # read without compiling the patterns
    with pytest.raises(InputError) as err:
        w.regex("verbs")
    assert err.value.file == str(path)
    assert err.value.line == 6
    assert err.value.field == "groups.verbs[1]"
    # rules lint compiles every pattern
    assert [f for f, _ in wordings.check(tmp_path) if f == str(path)] == [str(path)]


def test_a_group_is_compiled_as_the_alternation_of_its_patterns():
    w = wordings.load("receipt")
    rx = w.regex("verbs")
    assert rx.pattern == "|".join(f"(?:{e.pattern})" for e in w.entries("verbs"))
    assert rx is w.regex("verbs")  # once per process
    assert isinstance(rx, re.Pattern)


# ------------------------------------------------------------------ the engine's answers kept between runs


def _fact_sets(ruleset, scope: str, count: int) -> list[dict[str, bool]]:
    """``count`` fact sets of ``scope``: each fact true in a different pattern."""
    names = list(ruleset.facts[scope])
    return [{n: bool((k >> (j % 7)) & 1) for j, n in enumerate(names)} for k in range(count)]


def test_answers_kept_between_runs_are_the_engines(ruleset, tmp_path, monkeypatch):
    from gkrules.cache import durable_evaluator
    from gkrules.classify import make_evaluator

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    on = dt.date(2024, 3, 1)
    engine = make_evaluator(ruleset, "durable", cached=False)
    first = durable_evaluator(ruleset, remember=True)
    for scope in ("case", "item", "letter", "deadline"):
        first.fire(scope, _fact_sets(ruleset, scope, 40), on)
    first.save()
    (store,) = tmp_path.glob("decisions-*.json")

    again = durable_evaluator(ruleset, remember=True)
    for scope in ("case", "item", "letter", "deadline"):
        sets = _fact_sets(ruleset, scope, 40)
        assert again.fire(scope, sets, on) == engine.fire(scope, sets, on), scope
    assert again.inner._made is None  # every answer came from the store: the engine was not started
    every = dict.fromkeys(ruleset.facts["letter"], True)  # a new question: the engine answers it
    assert again.fire_one("letter", every, on) == engine.fire_one("letter", every, on)
    assert again.inner._made is not None
    assert store.read_text(encoding="utf-8").startswith("gkrules-decisions/1 ")


def test_a_store_edited_by_hand_is_ignored(ruleset, tmp_path, monkeypatch):
    from gkrules.cache import durable_evaluator

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    on = dt.date(2024, 3, 1)
    first = durable_evaluator(ruleset, remember=True)
    (truth,) = first.fire("item", [{"state_secret": True}], on)
    first.save()
    (store,) = tmp_path.glob("decisions-*.json")
    head, body = store.read_text(encoding="utf-8").split("\n", 1)
    data = json.loads(body)
    data = {key: ["GK-C-001"] for key in data}  # another answer, the marker line kept
    store.write_text(head + "\n" + json.dumps(data), encoding="utf-8")

    again = durable_evaluator(ruleset, remember=True)
    assert again.fire("item", [{"state_secret": True}], on) == [truth]
    assert again.inner._made is not None


def test_a_store_that_cannot_be_written_costs_only_time(ruleset, tmp_path, monkeypatch):
    from gkrules.cache import durable_evaluator

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("GKRULES_CACHE", str(blocked))
    ev = durable_evaluator(ruleset, remember=True)
    ev.fire("item", [{"not_held": True}], dt.date(2024, 3, 1))
    ev.save()  # no error
    monkeypatch.setenv("GKRULES_CACHE", "off")
    assert durable_evaluator(ruleset, remember=True).store is None


def test_runs_at_the_same_time_leave_a_whole_store(ruleset, tmp_path, monkeypatch):
    from gkrules.cache import durable_evaluator

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    on = dt.date(2024, 3, 1)
    a, b = durable_evaluator(ruleset, remember=True), durable_evaluator(ruleset, remember=True)
    a.fire("item", [{"not_held": True}], on)
    b.fire("item", [{"state_secret": True}], on)
    a.save()
    b.save()  # merges with what a wrote
    c = durable_evaluator(ruleset, remember=True)
    c.fire("item", [{"not_held": True}, {"state_secret": True}], on)
    assert c.inner._made is None
    assert not list(tmp_path.glob("*.tmp"))


def test_deferred_engine_has_the_engines_name(ruleset):
    from gkrules.cache import DURABLE_NAME
    from gkrules.engine import DurableEvaluator

    assert DurableEvaluator.name == DURABLE_NAME


# ------------------------------------------------------------------ what a command imports

#: modules a command imports only when it needs them
HEAVY = ("durable", "durable_rules_engine", "tabulate", "wcwidth", "docx", "openpyxl", "pdfplumber", "lxml")


def _imported(args: list[str], cache: Path) -> set[str]:
    """The modules ``gkrules ARGS`` imported (python -X importtime)."""
    env = dict(os.environ, GKRULES_CACHE=str(cache))
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "gkrules", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")} - {
        "imported package"
    }


def test_check_of_a_seen_case_imports_neither_the_engine_nor_output_libraries(tmp_path):
    args = ["check", "cases/letters/bad-doc-number.yml"]
    first = _imported(args, with_parsed_rules(tmp_path))
    assert "durable" in first  # the first run asks the engine
    again = _imported(args, tmp_path)
    assert "gkrules.check" in again
    assert not {m for m in again if m.split(".")[0] in HEAVY}
    assert "gkrules.conditions" in first and "gkrules.conditions" not in again  # no rule's condition is asked


def test_help_imports_no_engine_and_no_document_library(tmp_path):
    imported = _imported(["--help"], tmp_path)
    assert not {m for m in imported if m.split(".")[0] in HEAVY}


# ------------------------------------------------------------------ compiled patterns kept between runs


@pytest.fixture
def fresh_patterns(tmp_path, monkeypatch):
    """The pattern store in an empty cache directory, as a new process would find it."""
    from gkrules import patterns

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    monkeypatch.setattr(patterns, "_known", None)
    monkeypatch.setattr(patterns, "_learnt", {})
    monkeypatch.setattr(patterns, "_made", {})
    return patterns


def test_a_stored_pattern_is_the_pattern_re_compiles(fresh_patterns, tmp_path, monkeypatch):
    patterns = fresh_patterns
    sources = [
        (r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月", 0),
        (r"不予公开|不得公开|(?<!无法)区分处理", 0),
        (r"^(?P<prefix>[^\s〔〕]*?)\s*〔(?P<year>\d{4})〕(?P<num>\d+)号$", re.MULTILINE),
        (r"hello", re.IGNORECASE | re.ASCII),
        (r"(?!x)x", 0),
    ]
    first = [patterns.compile(p, f) for p, f in sources]
    patterns.save()
    (store,) = tmp_path.glob("patterns-*.json")
    monkeypatch.setattr(patterns, "_known", None)  # a new process: the store read from the file
    monkeypatch.setattr(patterns, "_made", {})
    again = [patterns.compile(p, f) for p, f in sources]
    assert patterns._learnt == {}  # every pattern came from the store
    for (source, flags), a, b in zip(sources, first, again):
        expected = re.compile(source, flags)
        assert a == expected and b == expected  # same pattern, flags and code
        assert b.groupindex == expected.groupindex and b.groups == expected.groups
    assert again[0].search("收到申请的日期为2024年 3月").groupdict() == {"y": "2024", "m": "3"}
    assert again[3].fullmatch("HELLO")
    assert store.read_text(encoding="utf-8").startswith("gkrules-patterns/1 ")


def test_every_pattern_of_a_check_is_compiled_from_the_store_as_re_compiles_it(tmp_path):
    """After one run has filled the store, each of its patterns turns into re.compile's pattern."""
    env = dict(os.environ, GKRULES_CACHE=str(with_parsed_rules(tmp_path)))
    subprocess.run(
        [sys.executable, "-m", "gkrules", "check", "cases/letters/bad-doc-number.txt"],
        capture_output=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    (store,) = tmp_path.glob("patterns-*.json")
    data = json.loads(store.read_text(encoding="utf-8").split("\n", 1)[1])
    assert len(data) > 100
    from gkrules import patterns

    for key, (final, code, groups, groupindex, indexgroup) in data.items():
        flags, source = key.split(":", 1)
        built = patterns._sre.compile(source, final, patterns._decode(code), groups, groupindex, tuple(indexgroup))
        assert built == re.compile(source, int(flags)), source


def test_a_pattern_store_edited_by_hand_is_ignored(fresh_patterns, tmp_path, monkeypatch):
    patterns = fresh_patterns
    patterns.compile("甲|乙")
    patterns.save()
    (store,) = tmp_path.glob("patterns-*.json")
    head, body = store.read_text(encoding="utf-8").split("\n", 1)
    data = json.loads(body)
    data["0:甲|乙"] = data.pop("0:丙") if "0:丙" in data else patterns._record("丙", 0)  # another pattern's code
    store.write_text(head + "\n" + json.dumps(data), encoding="utf-8")  # the marker line kept
    monkeypatch.setattr(patterns, "_known", None)  # a new process
    monkeypatch.setattr(patterns, "_made", {})
    assert patterns.compile("甲|乙").search("乙")
    assert "0:甲|乙" in patterns._learnt  # compiled afresh


def test_code_the_engine_refuses_is_compiled_afresh(fresh_patterns, monkeypatch):
    patterns = fresh_patterns
    broken = patterns._record("甲|乙", 0)
    broken[1] = patterns._encode([99999, 1, 2])  # no code of the engine
    monkeypatch.setattr(patterns, "_known", {"0:甲|乙": broken})
    assert patterns.compile("甲|乙") == re.compile("甲|乙")
    assert "0:甲|乙" not in patterns._known and "0:甲|乙" in patterns._learnt


def test_a_pattern_store_that_cannot_be_written_costs_only_time(fresh_patterns, tmp_path, monkeypatch):
    patterns = fresh_patterns
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("GKRULES_CACHE", str(blocked))
    assert patterns.compile("丁").search("甲乙丁")
    patterns.save()  # no error
    monkeypatch.setenv("GKRULES_CACHE", "off")
    monkeypatch.setattr(patterns, "_learnt", {})
    monkeypatch.setattr(patterns, "_made", {})
    assert patterns.compile("戊").search("戊")
    assert patterns._learnt == {}  # the cache is off: plain re.compile


def test_old_decision_stores_are_deleted_but_not_other_files(ruleset, tmp_path, monkeypatch):
    from gkrules.cache import DecisionStore

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path))
    monkeypatch.setattr(DecisionStore, "MAX_STORES", 2)
    other = tmp_path / "decisions-not-ours.json"
    other.write_text("{}")
    paths = []
    for i in range(4):
        store = DecisionStore(tmp_path / f"decisions-{i:032x}-engine.json")
        store.learn([(("item", 0, (True,)), frozenset({"GK-C-011"}))])
        store.save()
        os.utime(store.path, (1000 + i, 1000 + i))
        paths.append(store.path)
    assert [p.exists() for p in paths] == [False, False, True, True]
    assert other.exists()


def test_a_profile_read_again_reports_a_problem_with_its_line(tmp_path, monkeypatch):
    from gkrules import datafile, yamlio
    from gkrules.letter import profile

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "p.yml"
    path.write_text("name: 测试\nseverity:\n  GK-L-005: warning\n", encoding="utf-8")
    first = profile.load_profile(path, ["GK-L-005", "GK-L-006"])
    assert first.severity == {"GK-L-005": "warning"} and first.path == str(path)

    parsed = []
    monkeypatch.setattr(datafile, "load_file", lambda p: parsed.append(p) or yamlio.load_file(p))
    again = profile._read_profile(path, ["GK-L-005", "GK-L-006"])
    assert again == first and parsed == []  # the file's content came from the cache, not the YAML parser
    with pytest.raises(InputError) as err:  # the same file with other rules: the YAML read again for the line
        profile._read_profile(path, ["GK-L-006"])
    assert (err.value.line, err.value.field) == (3, "severity.GK-L-005")
    assert parsed == [path]


def test_a_pattern_is_compiled_once_per_process(fresh_patterns):
    patterns = fresh_patterns
    first = patterns.compile("甲|乙", re.IGNORECASE)
    assert patterns.compile("甲|乙", re.IGNORECASE) is first
    assert patterns.compile("甲|乙") is not first and patterns.compile("甲|乙") == re.compile("甲|乙")
