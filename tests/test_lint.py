"""``gkrules rules lint``: each kind of defect, seeded one at a time into a copy of a minimal valid rule set,
is reported; the real rule set passes."""

from __future__ import annotations

import functools
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from ruamel.yaml import YAML
from strategies import cases

from gkrules import lint as L
from gkrules.caseio import load_case
from gkrules.classify import Classifier, make_evaluator
from gkrules.cli import cli
from gkrules.errors import EngineError, RuleFileError
from gkrules.rulebook import load_ruleset

VALID = Path(__file__).parent / "fixtures" / "broken_rules" / "valid"
ROOT = Path(__file__).resolve().parent.parent

_yaml = YAML(typ="safe")
_yaml.default_flow_style = False
_yaml.allow_unicode = True


def copy_valid(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(VALID, root)
    return root


def rule_file(root: Path, code: str) -> Path:
    (path,) = root.rglob(f"{code}.yml")
    return path


def edit(root: Path, code: str, change: Callable[[dict], None]) -> None:
    path = rule_file(root, code)
    data = _yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    buf = io.StringIO()
    _yaml.dump(data, buf)
    path.write_text(buf.getvalue(), encoding="utf-8")


def add_rule(root: Path, area: str, data: dict) -> None:
    buf = io.StringIO()
    _yaml.dump(data, buf)
    (root / area / f"{data['code']}.yml").write_text(buf.getvalue(), encoding="utf-8")


def issue(root: Path, *codes: str) -> None:
    with (root / "ISSUED_CODES.txt").open("a", encoding="utf-8") as fh:
        fh.write("".join(c + "\n" for c in codes))


def problems(root: Path, **options) -> list[L.Problem]:
    return L.lint_root(root, **options).problems


def kinds_of(root: Path, **options) -> dict[str, set[str]]:
    """kind -> codes reported with that kind"""
    out: dict[str, set[str]] = {}
    for p in problems(root, **options):
        out.setdefault(p.kind, set()).add(p.code or "-")
    return out


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# ------------------------------------------------------------------------------------------------
# the valid set is clean: every seeded problem below comes from the one change made


def test_valid_fixture_is_clean_and_lists_overlaps_as_notes():
    report = L.lint_root(VALID)
    assert report.problems == [], [p.message for p in report.problems]
    pairs = {(p.other, p.code) for p in report.notes if p.kind == "overlap"}
    assert pairs == {("GK-C-001", "GK-C-003"), ("GK-C-001", "GK-C-011"), ("GK-C-003", "GK-C-011")}


def _extra_item_rule(code: str, when: dict, priority: int, facts_fire: dict, facts_not: dict) -> dict:
    return {
        "code": code,
        "slug": "extra-" + code.lower(),
        "title": "附加规则",
        "scope": "item",
        "category": "refused/law_prohibited",
        "priority": priority,
        "law": [{"cite": "条例第十四条", "in_force": {"from": "2019-05-15"}, "quote": "……"}],
        "when": when,
        "explain": "附加规则。",
        "examples": {
            "fires": [{"name": "成立", "facts": facts_fire}],
            "does_not_fire": [{"name": "不成立", "facts": facts_not}],
        },
    }


def _gap(root):
    edit(root, "GK-C-011", lambda d: d.__setitem__("when", {"none": ["separable"]}))


def _gap_after_repeal(root):
    edit(root, "GK-C-011", lambda d: d["law"][0]["in_force"].__setitem__("to", "2023-12-31"))


def _same_priority(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("priority", 10))


def _shadowed(root):
    rule = _extra_item_rule(
        "GK-C-004", {"all": ["not_held", "state_secret"]}, 40, {"not_held": True, "state_secret": True}, {}
    )
    add_rule(root, "classify", rule)
    issue(root, "GK-C-004")


def _never_holds(root):
    edit(root, "GK-C-003", lambda d: d["when"].__setitem__("none", ["state_secret"]))


def _any_never_holds(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("when", {"any": ["state_secret"], "none": ["state_secret"]}))


def _unknown_fact(root):
    edit(root, "GK-C-003", lambda d: d["when"].__setitem__("all", ["state_secrets"]))


def _unknown_example_fact(root):
    edit(root, "GK-C-003", lambda d: d["examples"]["does_not_fire"][0]["facts"].__setitem__("secret", True))


def _missing_article(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("law", []))


def _missing_examples(root):
    edit(root, "GK-C-003", lambda d: d["examples"].__setitem__("does_not_fire", []))


def _missing_explain(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("explain", ""))


def _duplicate_code(root):
    (root / "classify" / "more").mkdir()
    shutil.copy(rule_file(root, "GK-C-001"), root / "classify" / "more" / "GK-C-001.yml")


def _duplicate_alias(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("aliases", ["GK-C-001"]))


def _wrong_fires_example(root):
    edit(
        root,
        "GK-C-003",
        lambda d: d["examples"]["fires"].append(
            {"name": "不掌握时", "facts": {"not_held": True, "state_secret": True}}
        ),
    )


def _wrong_not_fire_example(root):
    edit(
        root,
        "GK-C-001",
        lambda d: d["examples"]["does_not_fire"].append({"name": "不掌握", "facts": {"not_held": True}}),
    )


def _example_before_in_force(root):
    edit(root, "GK-C-001", lambda d: d["examples"]["fires"][0].__setitem__("on", "2019-05-14"))


def _removed_code(root):
    rule_file(root, "GK-C-021").unlink()


def _bad_slug(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("slug", "avoid-secret"))


def _bad_category(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("category", "refused/secret"))


def _wrong_report_row(root):
    edit(root, "GK-C-003", lambda d: d.__setitem__("report_row", "（三）2 其他法律行政法规禁止公开"))


def _missing_priority(root):
    edit(root, "GK-C-003", lambda d: d.pop("priority"))


def _exemption_on_separation(root):
    edit(root, "GK-C-012", lambda d: d.__setitem__("exemption", True))


def _exemption_dropped(root):
    edit(root, "GK-C-003", lambda d: d.pop("exemption"))


def _exemption_on_not_held(root):
    edit(root, "GK-C-001", lambda d: d.__setitem__("exemption", True))


def _missing_element(root):
    edit(root, "GK-L-001", lambda d: (d.pop("element"), d.pop("severity")))


def _bad_element(root):
    edit(root, "GK-L-001", lambda d: d.__setitem__("element", "doc-number"))


def _bad_message(root):
    edit(root, "GK-L-001", lambda d: d.__setitem__("message", "文号应为 {expected，实为 {found}"))


def _wrong_prefix(root):
    path = rule_file(root, "GK-L-001")
    edit(root, "GK-L-001", lambda d: d.__setitem__("code", "GK-C-041"))
    path.rename(path.with_name("GK-C-041.yml"))
    issue(root, "GK-C-041", "GK-L-001")
    (root / "ISSUED_CODES.txt").write_text(
        (root / "ISSUED_CODES.txt").read_text(encoding="utf-8").replace("GK-L-001\n", ""), encoding="utf-8"
    )


def _classify_rule_in_letter_area(root):
    shutil.move(rule_file(root, "GK-C-021"), root / "letter" / "GK-C-021.yml")


def _unissued_code(root):
    path = root / "ISSUED_CODES.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("GK-C-033\n", ""), encoding="utf-8")


def _duplicate_finding_condition(root):
    path = rule_file(root, "GK-L-001")
    text = (
        path.read_text(encoding="utf-8")
        .replace("GK-L-001", "GK-L-002")
        .replace("doc-number-bracket", "doc-number-year")
    )
    (path.parent / "GK-L-002.yml").write_text(text, encoding="utf-8")
    issue(root, "GK-L-002")


def _wrong_finding_example(root):
    edit(root, "GK-L-001", lambda d: d["examples"]["fires"].append({"name": "缺日期", "facts": {"date_missing": True}}))


def _removed_without_date(root):
    edit(root, "GK-C-021", lambda d: d.__setitem__("status", "removed"))


SEEDED = [
    ("gap", _gap, "gap", "-"),
    ("gap opened by a repeal", _gap_after_repeal, "gap", "-"),
    ("same-priority overlap", _same_priority, "ambiguous-priority", "GK-C-003"),
    ("shadowed rule", _shadowed, "shadowed", "GK-C-004"),
    ("fact in all and none", _never_holds, "never-holds", "GK-C-003"),
    ("any-facts all excluded", _any_never_holds, "never-holds", "GK-C-003"),
    ("unknown fact", _unknown_fact, "unknown-fact", "GK-C-003"),
    ("unknown fact in an example", _unknown_example_fact, "unknown-fact", "GK-C-003"),
    ("missing article", _missing_article, "missing-article", "GK-C-003"),
    ("missing in-force dates", _missing_article, "missing-in-force", "GK-C-003"),
    ("missing examples", _missing_examples, "missing-examples", "GK-C-003"),
    ("missing explanation", _missing_explain, "missing-explain", "GK-C-003"),
    ("duplicate code in two files", _duplicate_code, "duplicate-code", "GK-C-001"),
    ("alias reusing a code", _duplicate_alias, "duplicate-code", "GK-C-003"),
    ("fires example that another rule wins", _wrong_fires_example, "wrong-example", "GK-C-003"),
    ("does_not_fire example the rule wins", _wrong_not_fire_example, "wrong-example", "GK-C-001"),
    ("example dated before the rule", _example_before_in_force, "wrong-example", "GK-C-001"),
    ("issued code removed", _removed_code, "removed-code", "GK-C-021"),
    ("advice slug", _bad_slug, "bad-slug", "GK-C-003"),
    ("invalid category", _bad_category, "bad-category", "GK-C-003"),
    ("report row of another category", _wrong_report_row, "wrong-report-row", "GK-C-003"),
    ("missing priority", _missing_priority, "missing-priority", "GK-C-003"),
    ("exemption outside item scope", _exemption_on_separation, "misplaced-exemption", "GK-C-012"),
    ("exemption on a not-held rule", _exemption_on_not_held, "misplaced-exemption", "GK-C-001"),
    ("state secret without exemption", _exemption_dropped, "missing-exemption", "GK-C-003"),
    ("finding rule without element", _missing_element, "missing-element", "GK-L-001"),
    ("finding rule without severity", _missing_element, "missing-severity", "GK-L-001"),
    ("finding rule with unknown element", _bad_element, "bad-element", "GK-L-001"),
    ("message with broken placeholder", _bad_message, "bad-message", "GK-L-001"),
    ("code prefix of another area", _wrong_prefix, "wrong-prefix", "GK-C-041"),
    ("classification rule in letter area", _classify_rule_in_letter_area, "wrong-area", "GK-C-021"),
    ("code not recorded as issued", _unissued_code, "unissued-code", "GK-C-033"),
    ("two finding rules with one condition", _duplicate_finding_condition, "duplicate-condition", "GK-L-002"),
    ("finding example not reported", _wrong_finding_example, "wrong-example", "GK-L-001"),
    ("removed rule without date", _removed_without_date, "missing-removed-since", "GK-C-021"),
]


@pytest.mark.parametrize("name, seed, kind, code", SEEDED, ids=[s[0] for s in SEEDED])
def test_seeded_defect_is_reported(tmp_path, name, seed, kind, code):
    root = copy_valid(tmp_path)
    seed(root)
    found = kinds_of(root)
    assert kind in found, f"{name}: expected {kind}, got {found}"
    assert code in found[kind]
    result = run("--rules", str(root), "rules", "lint", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert any(p["kind"] == kind for p in data["problems"])


def test_gap_counterexample_is_a_case_the_classifier_cannot_decide(tmp_path):
    root = copy_valid(tmp_path)
    _gap(root)
    (gap,) = [p for p in problems(root) if p.kind == "gap"]
    case_file = tmp_path / "counterexample.yml"
    case_file.write_text(gap.counterexample, encoding="utf-8")
    case = load_case(case_file)
    assert case.items[0].facts.separable is True
    classifier = Classifier(make_evaluator(load_ruleset(root), "reference", cached=False))
    with pytest.raises(EngineError):
        classifier.classify(case)


def test_gap_opened_by_a_repeal_names_the_day_it_opens(tmp_path):
    root = copy_valid(tmp_path)
    _gap_after_repeal(root)
    (gap,) = [p for p in problems(root) if p.kind == "gap"]
    assert "2024-01-01" in gap.message
    assert "received: 2024-01-01" in gap.counterexample


def test_sampled_search_shrinks_gap_to_minimal_counterexample(tmp_path):
    root = copy_valid(tmp_path)
    _gap(root)
    (gap,) = [p for p in problems(root, exhaustive_limit=0, max_examples=300) if p.kind == "gap"]
    true_facts = [line.strip() for line in gap.counterexample.splitlines() if line.strip().endswith(": true")]
    assert true_facts == ["separable: true"]


def test_sampled_search_finds_shadowed_rule(tmp_path):
    root = copy_valid(tmp_path)
    _shadowed(root)
    found = kinds_of(root, exhaustive_limit=0, max_examples=300)
    assert found.get("shadowed") == {"GK-C-004"}


def test_case_and_separation_scopes_may_leave_combinations_undecided(tmp_path):
    """No case rule firing means "classify the items"; no separation rule firing means "no partial"."""
    root = copy_valid(tmp_path)
    report = L.lint_root(root)
    assert not any(p.kind == "gap" for p in report.problems)
    scopes = {c.scope for c in report.coverage}
    assert {"case", "item", "separation", "aggregate"} <= scopes


def test_aggregate_gap_is_reported(tmp_path):
    root = copy_valid(tmp_path)
    rule_file(root, "GK-C-033").unlink()
    path = root / "ISSUED_CODES.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("GK-C-033\n", ""), encoding="utf-8")
    (gap,) = [p for p in problems(root) if p.kind == "gap"]
    assert "aggregate" in gap.message
    assert "items_uniform: false" in gap.counterexample and "any_item_disclosed: false" in gap.counterexample


def test_removed_rule_with_status_keeps_its_code(tmp_path):
    root = copy_valid(tmp_path)
    edit(root, "GK-C-021", lambda d: d.update(status="removed", removed_since="2024-01-01"))
    assert problems(root) == []


def test_unknown_fact_still_refused_by_default_loader(tmp_path):
    root = copy_valid(tmp_path)
    _unknown_fact(root)
    with pytest.raises(RuleFileError):
        load_ruleset(root)
    assert "unknown-fact" in kinds_of(root)


def test_citation_without_dates_is_unloadable_exit_2(tmp_path, capsys):
    from gkrules.cli import main

    root = copy_valid(tmp_path)
    edit(root, "GK-C-003", lambda d: d["law"][0].pop("in_force"))
    with pytest.raises(SystemExit) as exit_:
        main(["--rules", str(root), "rules", "lint"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "GK-C-003.yml" in err and "law[0].in_force" in err and "Traceback" not in err


def test_cli_exit_codes(tmp_path):
    assert run("--rules", str(VALID), "rules", "lint").exit_code == 0
    root = copy_valid(tmp_path)
    _gap(root)
    result = run("--rules", str(root), "rules", "lint")
    assert result.exit_code == 1
    assert "[gap]" in result.output and "反例" in result.output


def test_cli_unloadable_rules_exit_2(tmp_path):
    from gkrules.cli import main

    root = copy_valid(tmp_path)
    rule_file(root, "GK-C-003").write_text("code: GK-C-003\ncode: GK-C-003\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["--rules", str(root), "rules", "lint"])
    assert exit_.value.code == 2


def test_record_codes_only_appends(tmp_path):
    root = copy_valid(tmp_path)
    _shadowed(root)  # adds GK-C-004 and records it
    path = root / "ISSUED_CODES.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("GK-C-004\n", ""), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert "unissued-code" in kinds_of(root)
    result = run("--rules", str(root), "rules", "lint", "--record-codes", "--no-notes")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before) and after[len(before) :] == "GK-C-004\n"
    assert "unissued-code" not in kinds_of(root)
    assert result.exit_code == 1  # GK-C-004 is still shadowed


@functools.lru_cache(maxsize=1)
def _real_rule_set_report() -> L.Report:
    """The exhaustive lint of the project's rules, once per test process (the tests only read it)."""
    return L.lint_root(ROOT / "rules")


def test_real_rule_set_passes():
    report = _real_rule_set_report()
    assert report.ok, "\n".join(f"{p.code} [{p.kind}] {p.message}" for p in report.problems)


def test_real_rule_set_exhaustive_and_sampled_agree():
    exhaustive = _real_rule_set_report()
    sampled = L.lint_root(ROOT / "rules", exhaustive_limit=0, max_examples=200)
    key = lambda r: sorted((p.kind, p.code or "-") for p in r.problems)  # noqa: E731
    assert key(exhaustive) == key(sampled)
    assert {c.method for c in exhaustive.coverage} == {"exhaustive"}


def test_committed_broken_set_reports_each_seeded_defect():
    """tests/fixtures/broken_rules/several: the defects its README lists, and no others."""
    found = kinds_of(VALID.parent / "several")
    assert found == {
        "gap": {"-"},
        "ambiguous-priority": {"GK-C-003"},
        "shadowed": {"GK-C-004"},
        "bad-slug": {"GK-C-004"},
        "missing-examples": {"GK-C-004"},
        "wrong-example": {"GK-C-004", "GK-C-021"},
        "unissued-code": {"GK-C-004"},
        "unknown-fact": {"GK-C-021"},
        "removed-code": {"GK-C-032"},
    }


@settings(max_examples=150)
@given(case=cases())
def test_lint_winner_is_the_classifier_winner_at_every_step(ruleset, case):
    """lint judges examples, gaps and shadowing with the same "who decides" as classify.py."""
    outcome = Classifier(make_evaluator(ruleset, "reference", cached=False)).classify(case)
    at = lambda scope: ruleset.in_force_on(case.received, scope)  # noqa: E731
    case_winner = L.winner(at("case"), outcome.facts["case"])
    if outcome.case_decision is not None:
        assert case_winner is outcome.case_decision.winner
        return
    assert case_winner is None
    for item, facts in zip(outcome.items, outcome.facts["items"]):
        assert L.winner(at("item"), facts) is item.decision.winner
    for item, facts in zip(outcome.items, outcome.facts["separation"]):
        assert L.winner(at("separation"), facts) is item.separation
    assert L.winner(at("aggregate"), outcome.facts["aggregate"]) is outcome.aggregation.winner
