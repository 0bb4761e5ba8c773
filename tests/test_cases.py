"""The bundled example cases (cases/*.yml) against their hand-derived expectations in tests/case_expectations.yml."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from gkrules import categories
from gkrules.caseio import load_case
from gkrules.classify import classifier
from gkrules.cli import cli
from gkrules.models import APPLICANT_TYPES

CASES = Path(__file__).resolve().parent.parent / "cases"
INDEX = Path(__file__).resolve().parent / "case_expectations.yml"
CHANNELS = ("in_person", "post", "online", "fax", "other")


def _index() -> list[dict]:
    data = YAML(typ="safe").load(INDEX.read_text(encoding="utf-8"))
    return data["cases"]


ENTRIES = _index()
BY_FILE = {e["file"]: e for e in ENTRIES}


def _case_files() -> list[str]:
    return sorted(p.name for p in CASES.glob("*.yml"))


def test_index_lists_every_case_file_once():
    listed = [e["file"] for e in ENTRIES]
    assert len(listed) == len(set(listed)), "case_expectations.yml lists a file twice"
    assert sorted(listed) == _case_files()


def test_index_entries_are_well_formed():
    for entry in ENTRIES:
        assert set(entry) <= {"file", "expected", "why", "draft_disagrees"}, entry["file"]
        assert entry["expected"] in categories.CODES, entry["file"]
        why = entry["why"]
        assert isinstance(why, str) and ("条例" in why or "年度报告" in why), entry["file"]
        assert "步" in why or "案件层面" in why, f"{entry['file']}: why names the step of the procedure"
        assert isinstance(entry.get("draft_disagrees", False), bool), entry["file"]


def test_index_covers_all_19_categories():
    assert len(categories.CODES) == 19
    assert {e["expected"] for e in ENTRIES} == set(categories.CODES)


@pytest.mark.parametrize("name", _case_files())
def test_case_classifies_as_expected_with_durable_engine(name):
    case = load_case(CASES / name)
    outcome = classifier(engine="durable").classify(case)
    assert outcome.category == BY_FILE[name]["expected"], name


@pytest.mark.parametrize("name", _case_files())
def test_draft_disagreement_is_marked_in_index(name):
    case = load_case(CASES / name)
    entry = BY_FILE[name]
    assert case.decision is not None, f"{name}: every bundled case carries the staff's draft"
    assert case.decision.letter is None, f"{name}: letters live in cases/letters/"
    disagrees = case.decision.category != entry["expected"]
    assert disagrees == entry.get("draft_disagrees", False), name


def test_some_drafts_disagree():
    assert sum(bool(e.get("draft_disagrees")) for e in ENTRIES) >= 3


def test_cli_json_gives_the_expected_categories():
    names = _case_files()
    result = CliRunner().invoke(cli, ["classify", *(str(CASES / n) for n in names), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert isinstance(records, list) and len(records) == len(names)
    by_id = {r["id"]: r for r in records}
    for name in names:
        record = by_id[load_case(CASES / name).id]
        assert record["category"] == BY_FILE[name]["expected"], name
        assert record["rules"] and all("id" in r and "article" in r for r in record["rules"]), name


def test_cli_json_single_case_is_one_object():
    result = CliRunner().invoke(cli, ["classify", str(CASES / "open-budget-report.yml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["id"] == "GL-SJ-2020-017"
    assert record["category"] == "open"


def test_case_ids_are_unique():
    ids = [load_case(CASES / n).id for n in _case_files()]
    assert len(ids) == len(set(ids))


def test_cases_cover_applicant_types_channels_and_years():
    cases = [load_case(CASES / n) for n in _case_files()]
    assert {c.applicant.type for c in cases} == set(APPLICANT_TYPES)
    assert {c.channel for c in cases} == set(CHANNELS)
    received = [c.received for c in cases]
    assert min(received) < dt.date(2019, 7, 1)
    assert max(received) >= dt.date(2026, 10, 1)


def test_cases_show_the_procedures():
    cases = [load_case(CASES / n) for n in _case_files()]
    procs = [c.procedure for c in cases]
    assert any(p.correction_requested and p.correction_received for p in procs)
    assert any(p.extension_notified for p in procs)
    assert any(p.consultation_sent and p.consultation_replied for p in procs)
    items = [i for c in cases for i in c.items]
    assert any(i.facts.not_held and i.other_agency and i.other_agency.contact for i in items)
    assert any(i.disclosed_at for i in items)


def test_cases_show_the_exceptions():
    cases = [load_case(CASES / n) for n in _case_files()]

    def has(pred) -> bool:
        return any(pred(c, i) for c in cases for i in c.items)

    assert has(lambda c, i: i.facts.third_party_rights and i.facts.third_party_consent)
    assert has(lambda c, i: i.facts.third_party_rights and i.facts.public_interest_override)
    assert has(lambda c, i: i.facts.process_information and i.facts.law_requires_disclosure)
    assert has(lambda c, i: i.facts.internal_affairs and i.facts.law_requires_disclosure)
    assert has(lambda c, i: i.facts.separable)
    assert has(lambda c, i: c.facts.petition_complaint and i.facts.state_secret)
    assert any(len(c.items) > 1 for c in cases)


@pytest.mark.parametrize("name", _case_files())
def test_reference_evaluator_agrees(name):
    case = load_case(CASES / name)
    assert classifier(engine="reference").classify(case).category == BY_FILE[name]["expected"], name
