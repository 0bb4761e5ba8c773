"""Dated rules: a case is judged by the rules in force on its date; the explanation record is stable."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from clirun import gkrules as run_gkrules
from click.testing import CliRunner
from ruamel.yaml import YAML

from gkrules.cli import cli
from gkrules.rulebook import load_ruleset

ROOT = Path(__file__).resolve().parent.parent
CLASSIFY_SCOPES = {"case", "item", "separation", "aggregate"}

CASE = """\
id: DATED-1
agency: 某区人民政府办公室
received: {received}
applicant: {{name: 张某, type: natural_person}}
request: 申请公开两项信息
items:
  - text: {text}
    facts: {{state_secret: true}}
  - text: 区本级部门决算公开表
    facts: {{not_held: true}}
"""


def write_case(path: Path, received: str, text: str = "某涉密文件") -> Path:
    path.write_text(CASE.format(received=received, text=text), encoding="utf-8")
    return path


def gkrules(*args: str) -> subprocess.CompletedProcess:
    return run_gkrules(*args, cwd=ROOT)


def classify_rules_in_force_from_files(day: _dt.date) -> set[str]:
    """Read the rule files directly (not through gkrules) and keep those whose citations all cover ``day``."""
    yaml = YAML(typ="safe")
    out = set()
    for path in (ROOT / "rules" / "classify").glob("GK-*.yml"):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if data.get("status", "active") != "active" or not data.get("law"):
            continue
        periods = [c["in_force"] for c in data["law"]]
        if all(p["from"] <= day and (p.get("to") is None or day <= p["to"]) for p in periods):
            out.add(data["code"])
    return out


def test_case_before_2019_ordinance_gets_clear_message_not_traceback(tmp_path):
    case = write_case(tmp_path / "early.yml", "2019-05-14")
    result = gkrules("classify", str(case))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "不适用" in result.stderr and "2019-05-15" in result.stderr


def test_case_on_the_first_day_is_classified(tmp_path):
    case = write_case(tmp_path / "first-day.yml", "2019-05-15")
    result = gkrules("classify", str(case), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "DATED-1"


def _listed(*args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["rules", "list", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code == 0
    return json.loads(result.output)


def test_rules_list_on_a_day_before_the_ordinance_has_no_classification_rules():
    listed = _listed("--on", "2019-05-14")
    assert not [r for r in listed if r["scope"] in CLASSIFY_SCOPES]


def test_rules_list_on_2020_shows_the_classification_rules_in_force():
    listed = {r["code"] for r in _listed("--on", "2020-01-01") if r["scope"] in CLASSIFY_SCOPES}
    expected = classify_rules_in_force_from_files(_dt.date(2020, 1, 1))
    assert expected and listed == expected


@pytest.fixture()
def repealed_rules(tmp_path) -> Path:
    """A copy of the rules in which GK-C-003 (state secret) stops applying after 2023-12-31."""
    root = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", root)
    path = root / "classify" / "GK-C-003.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count("in_force: {from: 2019-05-15}") == 1
    path.write_text(
        text.replace("in_force: {from: 2019-05-15}", "in_force: {from: 2019-05-15, to: 2023-12-31}"), encoding="utf-8"
    )
    return root


def test_rule_with_end_date_stops_applying_the_next_day(repealed_rules, tmp_path):
    rs = load_ruleset(repealed_rules)
    rule = rs.get("GK-C-003")
    assert rule.in_force_on(_dt.date(2023, 12, 31)) and not rule.in_force_on(_dt.date(2024, 1, 1))
    assert _dt.date(2024, 1, 1) in rs.boundaries

    def listed(day: str) -> set[str]:
        result = CliRunner().invoke(
            cli,
            ["--rules", str(repealed_rules), "rules", "list", "--on", day, "--format", "json"],
            catch_exceptions=False,
        )
        return {r["code"] for r in json.loads(result.output)}

    assert "GK-C-003" in listed("2023-12-31")
    assert "GK-C-003" not in listed("2024-01-01")

    def item_rules(day: str) -> list[list[str]]:
        case = write_case(tmp_path / f"case-{day}.yml", day)
        result = gkrules("--rules", str(repealed_rules), "classify", str(case), "--format", "json")
        assert result.returncode == 0, result.stderr
        return [item["rules"] for item in json.loads(result.stdout)["items"]]

    assert item_rules("2023-12-31")[0][0] == "GK-C-003"
    assert "GK-C-003" not in item_rules("2024-01-01")[0]


def _record(case: Path) -> dict:
    result = CliRunner().invoke(cli, ["explain", str(case), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_explanation_record_is_stable_and_complete(tmp_path):
    case = write_case(tmp_path / "case.yml", "2024-05-08")
    first, second = _record(case), _record(case)
    assert first == second
    for key in ("input_digest", "ruleset", "rules_in_force", "aggregation", "items"):
        assert key in first
    assert first["ruleset"] == load_ruleset(ROOT / "rules").digest
    assert set(first["rules_in_force"]) == classify_rules_in_force_from_files(_dt.date(2024, 5, 8))
    secret, not_held = first["items"]
    assert secret["winner"] == "GK-C-003" and not_held["winner"] == "GK-C-001"
    # GK-C-011 (open, no condition) fires on every item and loses on priority
    assert any(b["id"] == "GK-C-011" and b["lost_to"] == "GK-C-003" for b in secret["beaten"])
    assert first["aggregation"]["item_categories"] == ["refused/state_secret", "cannot_provide/not_held"]


def test_explanation_record_digest_follows_the_input(tmp_path):
    a = _record(write_case(tmp_path / "a.yml", "2024-05-08"))
    b = _record(write_case(tmp_path / "b.yml", "2024-05-08", text="另一份涉密文件"))
    assert a["input_digest"] != b["input_digest"]
    assert {k: v for k, v in a.items() if k not in ("input_digest", "items")} == {
        k: v for k, v in b.items() if k not in ("input_digest", "items")
    }


def test_days_in_one_epoch_of_some_scopes_have_the_same_rules_of_those_scopes_in_force(ruleset):
    # the caches key classification answers by the epoch of the classification scopes alone and the
    # engine's answers by the epoch of their scope: two days share such an epoch only when those scopes'
    # rules in force are the same on both (every day from 2019 to 2026, against its neighbour and 2024-06-01)
    days = [_dt.date(2019, 5, 1) + _dt.timedelta(days=n) for n in range(0, 8 * 366)]
    for scopes in (("case", "item", "separation", "aggregate"), "item", "case", "letter", "deadline"):
        wanted = {scopes} if isinstance(scopes, str) else set(scopes)
        by_epoch: dict[int, set] = {}
        for day in days:
            rules = {r.code for r in ruleset.rules if r.scope in wanted and r.in_force_on(day)}
            assert by_epoch.setdefault(ruleset.epoch(day, scopes), rules) == rules, (scopes, day)
        # and different rules never share an epoch, nor do the same rules get two (fewer engine runs)
        assert len(by_epoch) == len({frozenset(v) for v in by_epoch.values()}), scopes
