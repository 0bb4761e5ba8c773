"""The annual-report table: seed layout verbatim, balance, CSV, and the check of a filled table."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules import report as rep
from gkrules.classify import Classifier, make_evaluator
from gkrules.cli import cli
from gkrules.gen import generate

FIXTURES = Path(__file__).parent / "fixtures" / "report"
SEED_TABLE = FIXTURES / "seed_table_2020.txt"


def _fixture_labels() -> list[str]:
    lines = (FIXTURES / "seed_labels.txt").read_text(encoding="utf-8").splitlines()
    return [ln for ln in lines if ln and not ln.startswith("#")]


def _seed_file() -> Path | None:
    here = Path(__file__).resolve().parent.parent
    for base in (here.parent / "shared" / "seeds",):  # the source documents beside the project
        found = sorted(base.glob("003_*.txt")) if base.is_dir() else []
        if found:
            return found[0]
    return None


@pytest.fixture(scope="module")
def reference_classifier(ruleset):
    return Classifier(make_evaluator(ruleset, "reference"))


def test_row_labels_are_the_seed_labels_verbatim():
    mine = [" | ".join(c for c in row.cells if c) for row in rep.ROWS["2019"]]
    assert mine == _fixture_labels()


def test_fixture_labels_occur_in_the_seed_itself():
    seed = _seed_file()
    if seed is None:
        pytest.skip("seed report not available")
    cells = {c.strip() for line in seed.read_text(encoding="utf-8").splitlines() for c in line.split("\t")}
    for line in _fixture_labels():
        for label in line.split(" | "):
            whole = label in cells
            split = any(label[:k] in cells and label[k:] in cells for k in range(1, len(label)))
            assert whole or split, label


def test_2021_form_splits_other_into_three_rows_and_keeps_the_rest():
    keys19 = [r.key for r in rep.ROWS["2019"]]
    keys21 = [r.key for r in rep.ROWS["2021"]]
    assert keys21 == [k for k in keys19 if k != "other"][:-2] + list(rep.OTHER_2021) + ["total", "next_year"]
    labels = [r.cells[2] for r in rep.ROWS["2021"] if r.key in rep.OTHER_2021]
    assert labels == [
        "1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3. 其他",
    ]


def test_seed_table_reads_back_balanced_all_zero():
    table, errors = rep.check_table(SEED_TABLE)
    assert errors == []
    assert table.form == "2019"
    assert all(v == [0] * 7 for v in table.values.values())
    assert set(table.values) == {r.key for r in rep.ROWS["2019"]}


def _edit(text: str, row_match: str, column: int, value: str) -> str:
    """Replace the ``column``-th number (0 = 自然人, 6 = 总计) of the line holding ``row_match``."""
    out = []
    for line in text.splitlines():
        if row_match in line and line.rstrip().split("\t")[-1].isdigit():
            cells = line.split("\t")
            numbers = [i for i, c in enumerate(cells) if c.strip().isdigit()]
            cells[numbers[column]] = value
            line = "\t".join(cells)
        out.append(line)
    return "\n".join(out) + "\n"


def test_check_flags_the_one_cell_that_breaks_the_balance(tmp_path):
    path = tmp_path / "unbalanced.txt"
    path.write_text(_edit(SEED_TABLE.read_text(encoding="utf-8"), "保护第三方合法权益", 0, "2"), encoding="utf-8")
    _, errors = rep.check_table(path)
    assert len(errors) == 1
    e = errors[0]
    assert (e.row, e.column, e.found, e.expected) == ("(三) 不予公开 4. 保护第三方合法权益", "自然人", 2, 0)
    assert e.line == 18  # line of the row in the fixture file


def test_check_names_each_cell_when_no_single_cell_explains(tmp_path):
    text = _edit(SEED_TABLE.read_text(encoding="utf-8"), "本年新收政府信息公开申请数量", 1, "3")
    text = _edit(text, "本年新收政府信息公开申请数量", 6, "3")  # row 一 is consistent, the column balance is not
    text = _edit(text, "重复申请", 6, "1")  # a 总计 cell alone
    path = tmp_path / "two.txt"
    path.write_text(text, encoding="utf-8")
    _, errors = rep.check_table(path)
    cells = {(e.row, e.column) for e in errors}
    assert ("(五) 不予处理 2. 重复申请", "总计") in cells  # its row: parts 0, 总计 1
    # 商业企业: 一+二−四 = 3 while (七) and the sum of (一)…(六) are both 0 → rows 一、二、四 are suspect
    (col,) = [e for e in errors if e.column == "商业企业"]
    assert "一+二−四 为 3" in col.message and "错误在 一、二、四 各行" in col.message
    assert all(e.expected is None for e in errors)  # no single value repairs everything: none is suggested


def test_report_check_cli_exit_codes_and_cell(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(cli, ["report", "check", str(SEED_TABLE)])
    assert ok.exit_code == 0, ok.output
    bad = tmp_path / "bad.txt"
    bad.write_text(_edit(SEED_TABLE.read_text(encoding="utf-8"), "(七) 总计", 6, "5"), encoding="utf-8")
    res = runner.invoke(cli, ["report", "check", str(bad)])
    assert res.exit_code == 1
    assert "[(七) 总计 / 总计]" in res.output and "应为 0" in res.output


def test_check_refuses_a_table_with_a_missing_row(tmp_path):
    text = "\n".join(ln for ln in SEED_TABLE.read_text(encoding="utf-8").splitlines() if "重复申请" not in ln)
    path = tmp_path / "missing.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(rep.InputError, match="重复申请"):
        rep.check_table(path)


def _case(cid, received, kind, reply=None, category="open", **facts):
    from gkrules.models import Case

    data = {
        "id": cid,
        "agency": "福州市鼓楼区审计局",
        "received": received,
        "applicant": {"name": "林某", "type": kind},
        "request": "申请公开",
        "items": [{"text": "某文件", "facts": facts.get("items", {})}],
    }
    if facts.get("case"):
        data["facts"] = facts["case"]
    if reply:
        data["decision"] = {"category": category, "reply_date": reply}
    return Case.model_validate(data)


def test_counting_rules_by_hand(reference_classifier):
    b = rep.ReportBuilder(2024, "2021", reference_classifier)
    assert b.add(_case("a", "2024-03-01", "natural_person", "2024-03-10")) == "open"
    assert b.add(_case("b", "2024-12-20", "legal_service_org", "2025-01-10")) == "next_year"
    assert b.add(_case("c", "2024-12-28", "other_org")) == "next_year"
    assert (
        b.add(_case("d", "2023-12-25", "commercial_enterprise", "2024-01-05", items={"not_held": True}))
        == "cannot_provide/not_held"
    )
    assert b.add(_case("e", "2023-05-01", "natural_person", "2023-05-10")) is None  # answered last year
    assert b.add(_case("f", "2025-01-02", "natural_person", "2025-01-03")) is None  # next year's
    assert (
        b.add(_case("g", "2024-06-01", "natural_person", "2024-06-20", case={"no_correction_in_time": True}))
        == "other/no_correction"
    )
    assert (
        b.add(_case("h", "2024-06-01", "research_institution", "2024-06-20", case={"fee_unpaid_in_time": True}))
        == "other/fee_unpaid"
    )
    b.add_carried("public_interest_org", "pending", 2)
    t = b.result()
    v = t.values
    assert v["new"] == [2, 0, 1, 0, 1, 1, 5]
    assert v["carried"] == [0, 1, 0, 2, 0, 0, 3]
    assert v["next_year"] == [0, 0, 0, 2, 1, 1, 4]
    assert v["total"] == [2, 1, 1, 0, 0, 0, 4]
    assert b.tally.other_years == 2
    t19 = rep.ReportBuilder(2024, "2019", reference_classifier)
    t19.add(_case("g", "2024-06-01", "natural_person", "2024-06-20", case={"no_correction_in_time": True}))
    assert t19.result().values["other"][0] == 1


@settings(max_examples=25)
@given(
    seed=st.integers(0, 10**6),
    count=st.integers(0, 80),
    year=st.integers(2019, 2026),
    form=st.sampled_from(rep.FORMS),
    by=st.sampled_from(["rules", "draft"]),
)
def test_balance_holds_for_any_generated_batch(reference_classifier, seed, count, year, form, by):
    cases = list(generate(count, seed))
    b = rep.ReportBuilder(year, form, reference_classifier, by=by)
    for case in cases:
        b.add(case)
    table = b.result()
    assert rep.check_values(table) == []
    end = _dt.date(year, 12, 31)
    this_year = [c for c in cases if c.received.year == year]
    assert table.values["new"][6] == len(this_year)
    # an independent tally of the answered cases received this year, by column and category
    expected = Counter()
    for c in cases:
        reply = c.decision.reply_date if c.decision else None
        if c.received.year != year and not (c.received.year < year and (reply is None or reply.year >= year)):
            continue
        if reply is None or reply > end:
            expected[("next_year", c.applicant.type)] += 1
            continue
        cat = c.decision.category if by == "draft" else reference_classifier.classify(c).category
        if cat == "other" and form == "2021":
            cat = (
                "other/no_correction"
                if c.facts.no_correction_in_time
                else ("other/fee_unpaid" if c.facts.fee_unpaid_in_time else "other/other")
            )
        expected[(cat, c.applicant.type)] += 1
    for (key, kind), n in expected.items():
        assert table.values[key][rep.COLUMNS.index(kind)] == n, (key, kind)
    assert sum(expected.values()) == table.values["new"][6] + table.values["carried"][6]


def _example_cases(root) -> list[str]:
    """The example cases of the top of cases/ (cases/letters/ adds the letter cases)."""
    return [str(p) for p in sorted((root / "cases").glob("*.yml"))]


@pytest.mark.parametrize("form", ["2019", "2021"])
def test_the_whole_example_directory_is_one_balanced_batch(root, form):
    res = CliRunner().invoke(cli, ["report", "--year", "2024", str(root / "cases"), "--form", form, "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "在本批中重复" not in res.stderr


def test_csv_has_bom_and_the_right_columns(tmp_path, root):
    out = tmp_path / "t.csv"
    res = CliRunner().invoke(
        cli, ["report", "--year", "2024", *_example_cases(root), "--format", "csv", "-o", str(out)]
    )
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == [
        "项目",
        "办理结果",
        "细项",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert len(rows) == 1 + len(rep.ROWS["2021"])
    assert rows[1][1] == "本年新收政府信息公开申请数量"
    for row in rows[1:]:
        assert int(row[9]) == sum(int(x) for x in row[3:9])
    _, errors = rep.check_table(out)
    assert errors == []
    again = CliRunner().invoke(
        cli, ["report", "--year", "2024", *_example_cases(root), "--format", "csv", "-o", str(out)]
    )
    assert isinstance(again.exception, rep.InputError) and "--force" in str(again.exception)  # main() exits 2
    assert out.read_bytes() == raw


@pytest.mark.parametrize("form", rep.FORMS)
def test_report_on_the_example_cases_is_balanced_in_both_forms(tmp_path, root, form):
    out = tmp_path / f"r{form}.txt"
    res = CliRunner().invoke(cli, ["report", "--year", "2024", *_example_cases(root), "--form", form, "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    for row in rep.ROWS[form]:
        for cell in row.cells:
            assert cell in text
    table, errors = rep.check_table(out)
    assert errors == [] and table.form == form


def test_carried_over_file_yaml_and_errors(tmp_path, reference_classifier):
    good = tmp_path / "c.yml"
    good.write_text(
        "- {type: natural_person, result: open, count: 2}\n- {type: other_org, result: pending, count: 1}\n",
        encoding="utf-8",
    )
    entries = rep.load_carried_over(good)
    assert [(e.type, e.result, e.count) for e in entries] == [
        ("natural_person", "open", 2),
        ("other_org", "pending", 1),
    ]
    csvf = tmp_path / "c.csv"
    csvf.write_text("type,result,count\nlegal_service_org,other/fee_unpaid,3\n", encoding="utf-8")
    b = rep.ReportBuilder(2024, "2021", reference_classifier)
    for e in rep.load_carried_over(csvf):
        b.add_carried(e.type, e.result, e.count)
    assert b.result().values["other/fee_unpaid"][4] == 3
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "- {type: natural_person, result: open, count: 2}\n- {type: person, result: open, count: 1}\n", encoding="utf-8"
    )
    with pytest.raises(rep.InputError) as info:
        rep.load_carried_over(bad)
    assert info.value.line == 2 and info.value.field == "type"


@pytest.mark.parametrize(
    "text,line",
    [
        (
            "- {type: natural_person, result: open, count: 2}\n- {type: other_org, result: open, count: 99999999999999999999999}\n",
            2,
        ),
        ("- {type: other_org, result: open, count: 600000}\n- {type: other_org, result: open, count: 600000}\n", 2),
    ],
)
def test_carried_over_counts_are_bounded_per_cell(tmp_path, text, line):
    f = tmp_path / "c.yml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(rep.InputError) as info:
        rep.load_carried_over(f)
    assert info.value.line == line and info.value.field == "count" and "上限" in info.value.message
    csvf = tmp_path / "c.csv"
    csvf.write_text("type,result,count\nlegal_service_org,open,1000001\n", encoding="utf-8")
    with pytest.raises(rep.InputError) as info:
        rep.load_carried_over(csvf)
    assert info.value.line == 2 and "上限" in str(info.value)
    ok = tmp_path / "ok.csv"
    ok.write_text("type,result,count\nlegal_service_org,open,1000000\n", encoding="utf-8")
    assert rep.load_carried_over(ok)[0].count == rep.MAX_CARRIED


def test_duplicate_case_ids_are_counted_once_and_reported(tmp_path):
    data = [d for d in generate_data_2024(6)]
    data.append(dict(data[2]))  # line 7 is a second copy of line 3
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in data) + "\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", "--year", "2024", str(path), "--format", "json"])
    assert res.exit_code == 2
    out = json.loads(res.stdout)
    assert out["cases"]["counted"] + out["cases"]["carried_cases"] + out["cases"]["other_years"] == 6
    assert out["cases"]["duplicates"] == 1
    assert any("重复" in n for n in out["notes"])
    assert f"{path}:7" in res.stderr and f"{path}:3" in res.stderr


def generate_data_2024(count):
    from gkrules.gen import generate_data

    for n, d in enumerate(generate_data(count, seed=3), start=1):
        yield dict(d, id=f"R-{n}", received="2024-03-01")


def test_report_group_help_shows_the_default_build_and_its_options():
    res = CliRunner().invoke(cli, ["report", "--help"])
    assert res.exit_code == 0
    usage = res.output.splitlines()[0]
    assert "report [build] --year YYYY PATH..." in usage
    for option in ("--year", "--form", "--carried-over", "--by", "--format", "--force"):
        assert option in res.output
    assert "gkrules report build --help" in res.output and "check FILE" in res.output


def test_the_rows_of_the_results_are_named_when_their_sum_disagrees_with_two_other_figures():
    """The issue's example: (一)–(六) add up to 26 while (七) and 一+二−四 both give 20."""
    t = rep.Table("2021", 2024)
    cells = {"new": 18, "carried": 4, "next_year": 2, "total": 20, "open": 12, "partial": 8}
    for key, n in cells.items():
        t.values[key][0] = t.values[key][6] = n
    assert rep.check_values(t) == []
    for key, n in (("refused/third_party", 4), ("not_processed/repeat", 2)):  # two rows wrong, each row consistent
        t.values[key][0] = t.values[key][6] = n
    errors = rep.check_values(t)
    assert {e.column for e in errors} == {"自然人", "总计"}
    for e in errors:
        assert e.message == (
            f"“{e.column}”列：(一) 至 (六) 各行之和为 26，而 (七) 总计与 一+二−四 均为 20：错误在 (一) 至 (六) 各行"
        )
        assert e.expected is None and e.suspects == ("(一) 至 (六) 各行",)
