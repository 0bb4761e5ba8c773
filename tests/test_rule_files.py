"""Loading rule files: a misspelt key is located and the nearest key of the rule schema suggested."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from gkrules.errors import RuleFileError
from gkrules.rulebook import load_rule


@pytest.mark.parametrize(
    "old,new,field,suggestion",
    [
        ("priority: 60", "prority: 60", "prority", "priority"),
        ("in_force: {from: 2019-05-15}", "in_force: {form: 2019-05-15}", "law[0].in_force.form", "from"),
        ("  all: [third_party_rights]", "  alll: [third_party_rights]", "when.alll", "all"),
    ],
)
def test_misspelt_rule_keys(tmp_path, root, old, new, field, suggestion):
    path = tmp_path / "GK-C-006.yml"
    shutil.copy(root / "rules" / "classify" / "GK-C-006.yml", path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rule(path)
    err = info.value
    assert err.field == field and err.suggestion == suggestion and err.line is not None


def test_file_name_must_be_the_code(tmp_path, root):
    path = tmp_path / "GK-C-099.yml"
    shutil.copy(root / "rules" / "classify" / "GK-C-006.yml", path)
    with pytest.raises(RuleFileError) as info:
        load_rule(path)
    assert info.value.field == "code" and "GK-C-006.yml" in info.value.message


# --- the parsed-rules cache ----------------------------------------------------------------------


def _copy_rules(root, tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(root / "rules", target)
    return target


def test_a_second_load_reads_the_cache_not_the_files(tmp_path, root, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    rules = _copy_rules(root, tmp_path)
    first = rulebook.load_ruleset(rules)
    assert len(list((tmp_path / "cache").glob("rules-*.json"))) == 1

    def no_yaml(path):
        raise AssertionError(f"rule file parsed again: {path}")

    monkeypatch.setattr(rulebook, "load_rule", no_yaml)
    second = rulebook.load_ruleset(rules)
    assert second.all_rules == first.all_rules and second.facts == first.facts
    assert [r.path for r in second.all_rules] == [r.path for r in first.all_rules]
    # a changed rule file changes the digest: the files are read again, and the change is seen
    path = rules / "classify" / "GK-C-006.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("priority: 60", "priority: 61"), encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        rulebook.load_ruleset(rules)


def test_a_rule_read_from_the_cache_is_the_rule_read_from_its_file(tmp_path, root, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    rules = _copy_rules(root, tmp_path)
    read = rulebook.load_ruleset(rules).all_rules
    kept = rulebook.load_ruleset(rules).all_rules
    assert rulebook._read_cache(rules, rulebook.load_ruleset(rules).digest) is not None
    for a, b in zip(read, kept, strict=True):
        assert b == a and repr(b) == repr(a)
        assert b.model_dump(mode="json") == a.model_dump(mode="json")
        assert list(b.__dict__) == list(rulebook.Rule.model_fields)  # the fields in their order
        assert b.model_fields_set == set(rulebook.Rule.model_fields)
        for cite in b.law:
            assert type(cite) is rulebook.Citation and type(cite.in_force) is rulebook.InForce
            assert isinstance(cite.in_force.start, dt.date)
        examples = [*b.examples.fires, *b.examples.does_not_fire]
        assert all(type(e) is rulebook.Example for e in examples)
        assert b.when.condition.names() == a.when.condition.names()
        assert b.model_copy(update={"path": "x"}).path == "x" and b.path == a.path


def test_an_unreadable_cache_entry_is_ignored(tmp_path, root, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    rules = _copy_rules(root, tmp_path)
    first = rulebook.load_ruleset(rules)
    (entry,) = (tmp_path / "cache").glob("rules-*.json")
    entry.write_text('{"digest": "' + first.digest + '", "rules": [{"rule": {"code": 1}}]}', encoding="utf-8")
    again = rulebook.load_ruleset(rules)
    assert again.all_rules == first.all_rules


def test_cache_off_writes_nothing(tmp_path, root, monkeypatch):
    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    rulebook.load_ruleset(_copy_rules(root, tmp_path))
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_a_rule_that_cannot_be_cached_leaves_no_file_behind(tmp_path, root, monkeypatch):
    import datetime as dt

    from gkrules import rulebook

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    rules = _copy_rules(root, tmp_path)
    real = rulebook.load_rule

    def with_a_time(path):  # a date-time inside an example's case mapping is not JSON
        rule = real(path)
        if rule.code != "GK-D-001":
            return rule
        example = rule.examples.fires[0].model_copy(update={"case": {"received": dt.datetime(2025, 3, 3, 9)}})
        return rule.model_copy(update={"examples": rule.examples.model_copy(update={"fires": [example]})})

    monkeypatch.setattr(rulebook, "load_rule", with_a_time)
    for _ in range(2):
        rulebook.load_ruleset(rules)
    assert not list((tmp_path / "cache").glob("*.tmp"))
    assert not list((tmp_path / "cache").glob("rules-*.json"))
