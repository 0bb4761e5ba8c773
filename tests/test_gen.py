"""Generated cases: valid, reproducible, realistic in mix, streamed as JSONL."""

from __future__ import annotations

import datetime as _dt
import io
import json
from collections import Counter

from click.testing import CliRunner

from gkrules import gen
from gkrules.caseio import iter_jsonl
from gkrules.cli import cli
from gkrules.models import APPLICANT_TYPES, Case


def test_same_seed_same_batch_other_seed_other_batch():
    a = [c.model_dump() for c in gen.generate(50, seed=3)]
    b = [c.model_dump() for c in gen.generate(50, seed=3)]
    c = [c.model_dump() for c in gen.generate(50, seed=4)]
    assert a == b
    assert a != c


def test_cases_are_valid_with_unique_ids_and_dates_in_range():
    cases = list(gen.generate(2000, seed=1))
    assert len(cases) == 2000
    assert all(isinstance(c, Case) for c in cases)
    assert len({c.id for c in cases}) == 2000
    for c in cases:
        assert _dt.date(2019, 5, 15) <= c.received <= _dt.date(2026, 12, 31)
        if c.decision is not None:
            assert c.decision.letter is None
            assert c.decision.reply_date is not None and c.received <= c.decision.reply_date <= _dt.date(2026, 12, 31)


def test_mix_looks_like_a_real_batch():
    cases = list(gen.generate(3000, seed=2))
    kinds = Counter(c.applicant.type for c in cases)
    assert set(kinds) == set(APPLICANT_TYPES)
    assert kinds.most_common(1)[0][0] == "natural_person"
    assert kinds["natural_person"] > len(cases) / 2
    with_draft = sum(c.decision is not None for c in cases)
    assert 0.7 * len(cases) < with_draft < len(cases)  # some still open
    drafts = Counter(c.decision.category for c in cases if c.decision)
    # disclosures and "not held" lead, as in published annual reports
    top = {code for code, _ in drafts.most_common(2)}
    assert top == {"open", "cannot_provide/not_held"}
    assert len(drafts) >= 15
    assert Counter(len(c.items) for c in cases)[1] > len(cases) / 2


def test_jsonl_round_trips_through_the_case_reader():
    out = io.StringIO()
    assert gen.write_jsonl(out, 300, seed=5) == 300
    lines = out.getvalue().splitlines()
    assert len(lines) == 300
    parsed = list(iter_jsonl(iter(lines), "gen.jsonl"))
    assert all(isinstance(c, Case) for _, c in parsed)
    assert [c.model_dump() for _, c in parsed] == [c.model_dump() for c in gen.generate(300, seed=5)]


def test_gen_command_writes_file_and_refuses_overwrite(tmp_path):
    target = tmp_path / "b.jsonl"
    runner = CliRunner()
    res = runner.invoke(cli, ["gen", "--count", "25", "--seed", "9", "-o", str(target)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in target.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 25
    before = target.read_bytes()
    again = runner.invoke(cli, ["gen", "--count", "3", "-o", str(target)])
    assert again.exception is not None and "--force" in str(again.exception)
    assert target.read_bytes() == before
    forced = runner.invoke(cli, ["gen", "--count", "3", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3
