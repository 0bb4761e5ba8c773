"""Batch audit: broken inputs reported exactly, with file and line; names hidden; CSV; parallel = serial."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from cachedir import with_parsed_rules
from strategies import dated_case

from gkrules import audit as aud
from gkrules import batch_input, gen
from gkrules.cli import cli
from gkrules.models import PROCEDURE_DATES, Case

FIXTURES = Path(__file__).parent / "fixtures" / "audit"
# the broken files of the fixture directory and the line each error points at (read off the files)
BROKEN = {
    "broken-missing-id.yml": 2,
    "broken-syntax.yml": 6,
    "sub/broken-bool.yml": 11,
    "sub/broken-date.yml": 3,
}
NAMES = ["林秀英", "福建闽江律师事务所", "郑志明"]


def _run(args, input=None):
    return CliRunner().invoke(cli, ["audit", *args], input=input)


def _json(args, input=None):
    res = _run([*args, "--format", "json"], input=input)
    return res, json.loads(res.output)


def test_directory_with_broken_files_reports_exactly_those_with_lines():
    res, data = _json([str(FIXTURES)])
    assert res.exit_code == 2
    invalid = {
        Path(r["file"]).relative_to(FIXTURES).as_posix(): r["line"] for r in data["rows"] if r["kind"] == "invalid"
    }
    assert invalid == BROKEN
    s = data["summary"]
    assert s["invalid"] == 4
    assert s["cases"] == 3 and s["agree"] == 2 and s["disagree"] == 1
    (dis,) = [r for r in data["rows"] if r["kind"] == "disagreement"]
    assert (dis["id"], dis["draft"], dis["category"], dis["rule"]) == (
        "FX-002",
        "open",
        "cannot_provide/not_held",
        "GK-C-001",
    )
    assert s["disagreements_by_rule"][0]["rule"] == "GK-C-001" and s["disagreements_by_rule"][0]["count"] == 1


def test_text_output_lists_every_broken_file_and_hides_names():
    res = _run([str(FIXTURES)])
    assert res.exit_code == 2
    for name, line in BROKEN.items():
        assert f"{(FIXTURES / name).as_posix()}:{line}" in res.output
    assert "FX-002" in res.output
    for name in NAMES:
        assert name not in res.output


def test_show_names():
    res, data = _json([str(FIXTURES), "--show-names"])
    (dis,) = [r for r in data["rows"] if r["kind"] == "disagreement"]
    assert dis["applicant"] == "福建闽江律师事务所"
    _, hidden = _json([str(FIXTURES)])
    assert all(name not in json.dumps(hidden, ensure_ascii=False) for name in NAMES)


def test_all_agree_exits_0_and_disagreement_exits_1(tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.yml").write_bytes((FIXTURES / "agree-open.yml").read_bytes())
    assert _run([str(good)]).exit_code == 0
    (good / "b.yml").write_bytes((FIXTURES / "disagree-not-held.yml").read_bytes())
    assert _run([str(good)]).exit_code == 1


def _jsonl_with_bad_lines(tmp_path) -> tuple[Path, dict[int, str]]:
    lines = [json.dumps(d, ensure_ascii=False).encode("utf-8") for d in gen.generate_data(12, seed=11)]
    bad = {
        3: b"{not json",
        7: json.dumps({"id": "X", "agnecy": "某局"}, ensure_ascii=False).encode("utf-8"),
        12: b"[1, 2]",
    }
    for number, text in bad.items():
        lines[number - 1] = text
    # a line saved in GBK is reported at its line; the lines after it are audited
    lines[4] = json.dumps(next(gen.generate_data(1, seed=12)), ensure_ascii=False).encode("gbk")
    bad[5] = "GBK"
    lines.insert(9, b"")  # a blank line is not a case; the line numbers after it shift by one
    bad = {(n + 1 if n >= 10 else n): t for n, t in bad.items()}
    path = tmp_path / "batch.jsonl"
    path.write_bytes("\ufeff".encode("utf-8") + b"\r\n".join(lines) + b"\r\n")  # with a BOM and CRLF
    return path, bad


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_bad_lines_reported_with_line_numbers(tmp_path, jobs):
    path, bad = _jsonl_with_bad_lines(tmp_path)
    res, data = _json([str(path), "--jobs", str(jobs)])
    assert res.exit_code == 2
    invalid = sorted(r["line"] for r in data["rows"] if r["kind"] == "invalid")
    assert invalid == sorted(bad)
    assert any("UTF-8" in r["message"] and "GBK" in r["message"] for r in data["rows"] if r["line"] == 5)
    assert data["summary"]["cases"] + data["summary"]["invalid"] == 12


def test_chunk_boundaries_and_workers_give_the_serial_answer(tmp_path):
    path, bad = _jsonl_with_bad_lines(tmp_path)
    settings = aud.Settings(checks=False)
    results = {}
    for jobs, chunk in ((1, 500), (1, 2), (2, 3)):
        rows = []
        total = aud.run(
            aud.iter_units([str(path)], chunk=chunk),
            settings,
            jobs=jobs,
            on_chunk=lambda r, rows=rows: rows.extend(r.rows),
        )
        results[(jobs, chunk)] = (dict(total.counts), [(r["kind"], r["line"]) for r in rows])
    assert len(set(map(repr, results.values()))) == 1
    assert [line for kind, line in results[(1, 500)][1] if kind == "invalid"] == sorted(bad)


def _not_held_case(case_id: str, reply_date: str) -> dict:
    """Received Friday 2021-05-07 online; the agency does not hold the information (条例第三十六条第（四）项)."""
    return {
        "id": case_id,
        "agency": "某区审计局",
        "received": "2021-05-07",
        "channel": "online",
        "applicant": {"name": "张某", "type": "natural_person"},
        "request": "申请公开某项目审批材料",
        "items": [{"text": "某项目审批材料", "facts": {"not_held": True}}],
        "decision": {"category": "cannot_provide/not_held", "reply_date": reply_date},
    }


def test_stdin_and_missing_path(tmp_path):
    text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in gen.generate_data(20, seed=2))
    res, data = _json(["-"], input=text)
    assert data["summary"]["cases"] == 20 and data["summary"]["invalid"] == 0
    # Day 1 is Saturday 2021-05-08 (a working day by the 2021 Labour Day arrangement); counting Monday to
    # Friday from 05-10 (no holiday until the Dragon Boat Festival on 06-14) the 20th day is 2021-06-03.
    on_time = json.dumps(_not_held_case("STDIN-1", "2021-06-03"), ensure_ascii=False) + "\n"
    late = json.dumps(_not_held_case("STDIN-2", "2021-06-04"), ensure_ascii=False) + "\n"
    res, data = _json(["-"], input=on_time)
    assert res.exit_code == 0
    assert (data["summary"]["cases"], data["summary"]["agree"], data["rows"]) == (1, 1, [])
    res, data = _json(["-"], input=on_time + late)
    assert res.exit_code == 1
    ((row_id, line, codes),) = [(r["id"], r["line"], [f["code"] for f in r["findings"]]) for r in data["rows"]]
    assert (row_id, line, codes) == ("STDIN-2", 2, ["GK-D-001"])
    res, data = _json([str(tmp_path / "nope.jsonl")])
    assert res.exit_code == 2
    assert data["rows"][0]["kind"] == "invalid" and "不存在" in data["rows"][0]["message"]


def test_csv_has_bom_and_columns(tmp_path):
    out = tmp_path / "a.csv"
    res = _run([str(FIXTURES), "--format", "csv", "-o", str(out)])
    assert res.exit_code == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "类型",
        "文件",
        "行",
        "案件",
        "申请人",
        "收到日期",
        "拟定类别",
        "规则结论",
        "决定规则",
        "法律依据",
        "检查发现",
        "说明",
    ]
    kinds = sorted(r["类型"] for r in rows)
    assert kinds == ["无法使用"] * 4 + ["类别不一致"]
    assert all(name not in raw.decode("utf-8-sig") for name in NAMES)
    again = _run([str(FIXTURES), "--format", "csv", "-o", str(out)])
    assert again.exception is not None and "--force" in str(again.exception)


def test_many_disagreement_rows_stream_through_a_file(tmp_path):
    """Rows are spooled, not held: the JSON output of a batch with many disagreements is complete."""
    path = tmp_path / "big.jsonl"
    gen.write_jsonl_file(path, 3000, seed=4)
    res, data = _json([str(path), "--no-checks"])
    s = data["summary"]
    assert s["cases"] == 3000
    assert s["agree"] + s["disagree"] + s["no_draft"] == 3000
    assert len([r for r in data["rows"] if r["kind"] == "disagreement"]) == s["disagree"] > 50


def test_latest_generated_case_has_a_deadline_inside_the_calendar():
    """The generator's latest receipt with its longest procedure still gets a deadline (no 2027 calendar)."""
    import datetime as _dt

    from gkrules.models import Case

    last = gen.LAST_RECEIPT
    day = lambda n: (last + _dt.timedelta(days=n)).isoformat()  # noqa: E731
    case = Case.model_validate(
        {
            "id": "LATE-1",
            "agency": "泉州市市场监督管理局",
            "received": last.isoformat(),
            "applicant": {"name": "某", "type": "natural_person"},
            "request": "申请公开",
            "items": [{"text": "投标文件", "facts": {"third_party_rights": True}}],
            "procedure": {"consultation_sent": day(8), "consultation_replied": day(28), "extension_notified": day(26)},
            "decision": {"category": "refused/third_party", "reply_date": gen.LAST_DAY.isoformat()},
        }
    )
    out = aud.ChunkResult()
    aud.Auditor(aud.Settings()).audit_case(case, "late.jsonl", 1, out)
    assert out.counts["invalid"] == 0, out.rows


def test_a_check_error_is_located_at_the_case(tmp_path):
    """An error raised while checking (here: a deadline past the calendar data) names the case's file and line."""
    data = next(gen.generate_data(1, seed=1))
    data.update(received="2026-12-28", decision={"category": "open", "reply_date": "2026-12-30"})
    data["items"] = [{"text": "某文件"}]
    data.pop("facts", None)
    data.pop("procedure", None)
    path = tmp_path / "late.jsonl"
    path.write_text("\n" + json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    res, out = _json([str(path)])
    assert res.exit_code == 2
    (row,) = out["rows"]
    assert (row["kind"], row["file"], row["line"], row["id"]) == ("invalid", str(path), 2, data["id"])
    assert "2027" in row["message"]
    text = _run([str(path)]).output  # the text names the case's place before the calendar's
    assert any(ln.strip().startswith(f"{path}:2: ") and "2027" in ln for ln in text.splitlines())


# --- duplicate case ids (case-format.md: an id is unique within a batch) ---------------------------


def test_two_copies_of_a_case_in_a_directory_are_counted_once(tmp_path):
    d = tmp_path / "cases"
    d.mkdir()
    for name in ("a.yml", "b.yml"):
        (d / name).write_bytes((FIXTURES / "disagree-not-held.yml").read_bytes())
    res, data = _json([str(d)])
    assert res.exit_code == 2
    s = data["summary"]
    assert (s["cases"], s["disagree"], s["invalid"], s["duplicate_ids"]) == (1, 1, 1, 1)
    assert s["disagreements_by_rule"] == [
        {"rule": "GK-C-001", "article": s["disagreements_by_rule"][0]["article"], "count": 1}
    ]
    (dup,) = [r for r in data["rows"] if r["kind"] == "invalid"]
    assert dup["file"] == str(d / "b.yml") and dup["id"] == "FX-002"
    assert str(d / "a.yml") in dup["message"] and str(d / "b.yml") in dup["message"] and "重复" in dup["message"]
    assert [r["file"] for r in data["rows"] if r["kind"] == "disagreement"] == [str(d / "a.yml")]


@pytest.mark.parametrize("jobs,chunk", [(1, 500), (1, 2), (2, 3)])
def test_jsonl_duplicate_ids_across_chunks_and_workers(tmp_path, jobs, chunk):
    data = list(gen.generate_data(8, seed=5))
    data[6] = dict(data[6], id=data[1]["id"])  # line 7 repeats the id of line 2
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in data) + "\n", encoding="utf-8")
    rows = []
    total = aud.run(
        aud.iter_units([str(path)], chunk=chunk),
        aud.Settings(checks=False),
        jobs=jobs,
        on_chunk=lambda r: rows.extend(r.rows),
    )
    assert total.counts["cases"] == 7 and total.counts["invalid"] == 1 and total.counts["duplicate_ids"] == 1
    assert total.counts["agree"] + total.counts["disagree"] + total.counts["no_draft"] == 7
    (dup,) = [r for r in rows if r["kind"] == "invalid"]
    assert dup["line"] == 7 and f"{path}:2" in dup["message"] and f"{path}:7" in dup["message"]


def test_id_registry_matches_a_plain_dict():
    reg = aud.IdRegistry(capacity=4)
    first: dict[str, str] = {}
    for n in range(20_000):
        case_id = f"ID-{n % 15_000}"
        place = f"f{n % 3}.jsonl:{n + 1}"
        got = reg.add(case_id, f"f{n % 3}.jsonl", n + 1)
        assert got == first.get(case_id)
        first.setdefault(case_id, place)
    assert len(reg) == 15_000
    assert reg.add("新编号", "目录/案件.yml", None) is None and reg.add("新编号", "x.yml", None) == "目录/案件.yml"


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_audit_of_letterless_cases_reports_what_check_reports(seed):
    """The audit runs the deadline rules of letter-less cases directly; check_case must agree with it."""
    from gkrules.check import check_case

    auditor = aud.Auditor(aud.Settings())
    for case in gen.generate(40, seed):
        out = aud.ChunkResult()
        auditor.audit_case(case, "batch.jsonl", 1, out)
        checked = check_case(
            case, profile=auditor.profile, calendar=auditor.calendar, evaluator=auditor.classifier.evaluator
        )
        expected = [
            {k: f.get(k) for k in ("code", "element", "severity", "message")}
            for f in checked["findings"]
            if f["element"] != "category"
        ]
        rows = [r for r in out.rows if r["id"] == case.id]
        reported = rows[0]["findings"] if rows else []
        if (
            any(f["severity"] == "error" for f in expected)
            or case.decision
            and case.decision.category != checked["category"]
        ):
            assert rows, case.id
        assert dict(out.by_finding) == dict(Counter((f["code"], f["severity"]) for f in expected))
        if rows:
            assert sorted(reported, key=str) == sorted(expected, key=str)
        if rows:
            assert rows[0]["category"] == checked["category"]
            assert rows[0]["rule"] == checked["deciding_rule"]["id"]


def test_id_registry_spills_to_disk_and_still_finds_every_duplicate():
    with aud.IdRegistry(capacity=4, memory_ids=100) as reg:
        first: dict[str, str] = {}
        for start in range(0, 3_000, 250):
            entries = [(f"ID-{n % 1_200}", f"f{n % 3}.jsonl", n + 1) for n in range(start, start + 250)]
            entries.append(entries[0])  # a duplicate inside one call
            got = reg.add_many(entries)
            for (case_id, file, line), place in zip(entries, got):
                assert place == first.get(case_id), (case_id, line)
                first.setdefault(case_id, f"{file}:{line}")
        assert len(reg) == 1_200
        assert reg._db is not None  # the ids after the first 100 live in the table
        directory = reg._dir.name
    assert not Path(directory).exists()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 40), max_size=30), max_size=12), st.integers(0, 20))
def test_id_registry_in_any_batches_equals_a_plain_dict(batches, memory_ids):
    first: dict[str, str] = {}
    line = 0
    with aud.IdRegistry(capacity=4, memory_ids=memory_ids) as reg:
        for batch in batches:
            entries = []
            for n in batch:
                line += 1
                entries.append((f"ID-{n}", "b.jsonl", line))
            expected = []
            for case_id, file, at in entries:
                expected.append(first.get(case_id))
                first.setdefault(case_id, f"{file}:{at}")
            assert reg.add_many(entries) == expected
        assert len(reg) == len(first)


def test_a_lone_carriage_return_is_whitespace_inside_a_jsonl_line(tmp_path):
    """JSON Lines ends a line at \\n or \\r\\n only; JSON allows \\r between tokens."""
    lines = [json.dumps(d, ensure_ascii=False) for d in gen.generate_data(5, seed=21)]
    lines[1] = lines[1].replace(', "agency"', ',\r"agency"', 1)
    lines[2] = "{broken"
    path = tmp_path / "cr.jsonl"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    res, data = _json([str(path)])
    assert data["summary"]["cases"] == 4
    assert [r["line"] for r in data["rows"] if r["kind"] == "invalid"] == [3]


@settings(max_examples=300)
@given(st.binary(max_size=20).map(lambda b: bytes(b"ab\r\n"[x % 4] for x in b)))
def test_jsonl_lines_end_at_newlines_only(data):
    got = [
        (u.first_line + i, line)
        for u in batch_input._jsonl_units(io.BytesIO(data), "x", 3)
        for i, line in enumerate(u.payload)
    ]
    expected = list(enumerate(io.BytesIO(data).readlines(), start=1))
    assert got == expected


_GOOD = json.dumps(
    {
        "id": "R-1",
        "agency": "某局",
        "received": "2024-03-04",
        "applicant": {"name": "张某", "type": "natural_person"},
        "request": "某文件",
        "items": [{"text": "某文件"}],
    },
    ensure_ascii=False,
).encode()
_LIMIT = len(_GOOD) + 10
_PIECES = [_GOOD, _GOOD + b"\r", b"", b"\r", b"{bad", b"x" * (_LIMIT + 1), "\ufeff".encode() + _GOOD, b"\xff\xfe"]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.sampled_from(_PIECES), max_size=12),
    last_newline=st.booleans(),
    chunk=st.integers(1, 5),
    block=st.sampled_from([1, 7, 64, 1 << 20]),
)
def test_a_jsonl_file_read_by_ranges_gives_what_reading_its_lines_gives(
    examples_dir, lines, last_newline, chunk, block
):
    # a file is handed to the workers as byte ranges, which they read themselves; stdin as lines: the
    # same bytes give the same cases and errors at the same line numbers, whatever the chunk and block,
    # with lines longer than the limit (here a little more than a case) skipped and reported
    data = b"\n".join(lines) + (b"\n" if last_newline and lines else b"")
    path = examples_dir / "ranges-batch.jsonl"
    path.write_bytes(data)

    def read(units):
        out = []
        for unit in units:
            for source, line, item in batch_input.parse_unit(unit):
                out.append((line, item.id if isinstance(item, Case) else str(item)))
        return out

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch_input, "MAX_LINE_BYTES", _LIMIT)
        mp.setattr(batch_input, "RANGE_BLOCK", block)
        with open(path, "rb") as handle:
            by_ranges = read(batch_input._range_units(handle, str(path), chunk))
        by_lines = read(batch_input._jsonl_units(io.BytesIO(data), str(path), chunk))
    assert by_ranges == by_lines
    # every case line is read, the byte-order mark only before the first line
    cases = sum(piece in _PIECES[:2] for piece in lines) + (bool(lines) and lines[0] == _PIECES[6])
    assert [x for x in by_ranges if x[1] == "R-1"] == [x for x in by_lines if x[1] == "R-1"]
    assert len([x for x in by_ranges if x[1] == "R-1"]) == cases


def test_a_file_saved_in_gbk_is_one_line_of_the_text_output(tmp_path):
    lines = [json.dumps(d, ensure_ascii=False).encode("gbk") for d in gen.generate_data(6, seed=31)]
    lines.insert(0, json.dumps(next(gen.generate_data(1, seed=32)), ensure_ascii=True).encode("ascii"))
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    res = _run([str(path)])
    assert res.exit_code == 2
    grouped = [ln for ln in res.output.splitlines() if "共 6 行" in ln]
    assert len(grouped) == 1 and f"{path}:2–7" in grouped[0] and "GBK" in grouped[0]
    res, data = _json([str(path)])
    assert sorted(r["line"] for r in data["rows"] if r["kind"] == "invalid") == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("jobs", [1, 2])
def test_rows_stay_in_input_order_when_repeated_ids_are_taken_out(tmp_path, jobs):
    data = list(gen.generate_data(40, seed=7))
    for n in (5, 17, 33):  # lines 6, 18 and 34 repeat the id of line 1
        data[n] = dict(data[n], id=data[0]["id"])
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in data) + "\n", encoding="utf-8")
    res, out = _json([str(path), "--jobs", str(jobs)])
    lines = [r["line"] for r in out["rows"]]
    assert lines == sorted(lines)
    assert [r["line"] for r in out["rows"] if r["kind"] == "invalid"] == [6, 18, 34]


_MEMO_AUDITOR: list = []


@settings(max_examples=200)
@given(
    procedure=st.fixed_dictionaries(
        {},
        optional={
            n: st.dates(min_value=_dt.date(2019, 1, 1), max_value=_dt.date(2025, 6, 30)) for n in PROCEDURE_DATES
        },
    ),
    received=st.dates(min_value=_dt.date(2019, 5, 15), max_value=_dt.date(2025, 6, 30)),
    reply=st.one_of(st.none(), st.dates(min_value=_dt.date(2019, 1, 1), max_value=_dt.date(2025, 6, 30))),
)
def test_remembered_deadline_findings_are_those_of_the_case_itself(procedure, received, reply):
    # the audit remembers which deadline rules fire per combination of the deadline facts; one auditor,
    # having seen every case before, must answer for each exactly what the case's own dates give
    from gkrules.deadline import deadline_findings

    if not _MEMO_AUDITOR:
        _MEMO_AUDITOR.append(aud.Auditor(aud.Settings()))
    auditor = _MEMO_AUDITOR[0]
    case = dated_case(received, procedure, reply)
    state, keys = auditor.deadline(case)
    _, findings = deadline_findings(
        case, auditor.classifier.evaluator, auditor.calendar, severities=auditor.profile.severity
    )
    assert keys == tuple((f.code, f.severity) for f in findings)
    # a reviewer's row shows these findings, built from the remembered answer without asking the rules
    assert auditor.deadline_rows(case, state, keys) == [
        {"code": f.code, "element": f.element, "severity": f.severity, "message": f.message} for f in findings
    ]


def test_a_batch_without_letters_does_not_load_the_letter_checker(tmp_path):
    # the letter checker (parser, wordings, letter rules' facts) is loaded with the first case that has a
    # letter: a batch of letterless cases never pays for it, and one with a letter still gets it
    import subprocess
    import sys

    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in gen.generate_data(20, seed=3)))
    probe = (
        "import sys\n"
        "from gkrules.cli import main\n"
        "try:\n"
        f"    main(['audit', {str(batch)!r}, '--format', 'json', '-o', {str(tmp_path / 'out.json')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m in ('gkrules.check', 'gkrules.letter.parse')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert json.loads((tmp_path / "out.json").read_text())["summary"]["cases"] == 20


def test_a_second_audit_of_seen_facts_answers_from_the_store_without_the_engine(tmp_path):
    # the engine's answers are kept between runs in the cache directory: the same batch audited again
    # gives the same output without importing durable-rules, and a store edited by hand is ignored
    import subprocess
    import sys

    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in gen.generate_data(60, seed=11)))
    env = dict(__import__("os").environ, GKRULES_CACHE=str(with_parsed_rules(tmp_path / "cache")))

    def audit(out: str) -> tuple[bool, str]:
        probe = (
            "import sys\n"
            "from gkrules.cli import main\n"
            "try:\n"
            f"    main(['audit', {str(batch)!r}, '--format', 'json', '-o', {str(tmp_path / out)!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
            "print('durable_rules_engine' in sys.modules)\n"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
        return done.stdout.strip() == "True", (tmp_path / out).read_text()

    engine_first, first = audit("one.json")
    engine_second, second = audit("two.json")
    assert engine_first and not engine_second
    assert second == first
    (store,) = (tmp_path / "cache").glob("decisions-*.json")
    store.write_text(store.read_text().replace('"GK-C-0', '"GK-C-9'))  # hand-edited: no longer trusted
    engine_third, third = audit("three.json")
    assert engine_third and third == first


def test_the_last_ranges_of_a_jsonl_file_are_shorter(tmp_path):
    """Ranges of 100 lines, then, once fewer than four ranges' worth of lines are left, a quarter of what
    is left (at least 5 lines): contiguous, in order, every line once."""
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"".join(b'{"n": %04d}\n' % n for n in range(1000)))  # 12 bytes a line
    with open(path, "rb") as handle:
        units = list(batch_input._range_units(handle, str(path), 100))
    sizes = [u.payload[1] // 12 for u in units]
    assert sum(sizes) == 1000 and [u.payload[1] % 12 for u in units] == [0] * len(units)
    assert [u.first_line for u in units] == [1 + sum(sizes[:i]) for i in range(len(units))]
    assert [u.payload[0] for u in units] == [12 * (u.first_line - 1) for u in units]
    assert sizes[:7] == [100] * 7  # 300 lines left after these: a quarter of them next
    assert sizes[7:10] == [75, 56, 42]
    assert all(5 <= n <= 100 for n in sizes[:-1])  # the last range holds what is left, maybe fewer
    assert all(a >= b for a, b in zip(sizes, sizes[1:-1]))


def test_a_chunk_from_a_worker_settles_as_the_chunk_itself():
    """A chunk crosses from a worker packed (rows as JSON text, cases column by column); taking back out
    the cases whose ids were seen before gives the same counters and rows as on the chunk itself."""
    import copy

    cases = list(gen.generate(60, seed=7))
    auditor = aud.Auditor(aud.Settings())
    earlier = aud.ChunkResult()
    for n, case in enumerate(cases[:20]):
        auditor.audit_case(case, "a.jsonl", n + 1, earlier)
    chunk = aud.ChunkResult()
    for n, case in enumerate(cases[10:] + cases[30:35], start=21):  # ten ids of the earlier chunk, five repeated here
        auditor.audit_case(case, "a.jsonl", n, chunk)
    assert chunk.rows and len(chunk.counted) == 55
    packed = aud.ChunkResult.unpacked(pickle.loads(pickle.dumps(copy.deepcopy(chunk).packed())))
    for result in (chunk, packed):
        with aud.IdRegistry() as registry:
            registry.add_many(earlier.counted)
            aud.settle_duplicates(result, registry)
    assert packed.counts == chunk.counts and packed.counts["duplicate_ids"] == 15
    assert (packed.by_rule, packed.by_finding) == (chunk.by_rule, chunk.by_finding)
    assert packed.row_texts() == [json.dumps(r, ensure_ascii=False) for r in chunk.rows]
    assert packed.rows == chunk.rows
    assert [r["line"] for r in chunk.rows if r["kind"] == "invalid"] == list(range(21, 31)) + list(range(71, 76))


def test_a_row_masks_the_applicant_name_in_a_finding_message():
    # a finding's message in a row shows the applicant's name masked, unless names are shown
    hidden = aud.Auditor(aud.Settings())
    shown = aud.Auditor(aud.Settings(show_names=True))
    case = Case.model_validate(
        {
            "id": "K-2",
            "agency": "某局",
            "received": "2024-03-01",
            "applicant": {"name": "欧阳某某", "type": "natural_person"},
            "request": "某文件",
            "items": [{"text": "某文件"}],
        }
    )
    message = "申请人欧阳某某的答复日期为 2024-03-01；欧阳某某"
    row = hidden._shown("GK-D-001", "deadline", "error", message, case)
    assert row == {
        "code": "GK-D-001",
        "element": "deadline",
        "severity": "error",
        "message": "申请人欧***的答复日期为 2024-03-01；欧***",
    }
    assert shown._shown("GK-D-001", "deadline", "error", message, case)["message"] == message
    # the salutation's findings quote names, which are masked whoever they name
    quoted = hidden._shown("GK-L-010", "salutation", "error", "称呼应为“欧阳某某：”，实为“李某：”", case)
    assert quoted["message"] == "称呼应为“欧***：”，实为“李*：”"
