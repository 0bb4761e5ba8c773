"""``gkrules report check`` on many reports (text, JSON, CSV, .xlsx), carry-over between years, and .xlsx writers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkrules import report as rep
from gkrules.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "report"


def _table(form: str, year: int, cells: dict[str, dict[int, int]]) -> rep.Table:
    """A table from its non-zero cells (column index → value); the 总计 column is filled by hand below."""
    t = rep.Table(form, year)
    for key, row in cells.items():
        for j, v in row.items():
            t.values[key][j] = v
    return t


def _gulou(tmp_path: Path, carried_2024: int) -> tuple[Path, Path]:
    # 2023: 5 new (自然人), 3 answered open, 2 still open at the year's end
    t23 = _table(
        "2021", 2023, {"new": {0: 5, 6: 5}, "open": {0: 3, 6: 3}, "total": {0: 3, 6: 3}, "next_year": {0: 2, 6: 2}}
    )
    # 2024: 4 new and `carried_2024` carried over, all answered open
    done = 4 + carried_2024
    t24 = _table(
        "2021",
        2024,
        {
            "new": {0: 4, 6: 4},
            "carried": {0: carried_2024, 6: carried_2024},
            "open": {0: done, 6: done},
            "total": {0: done, 6: done},
        },
    )
    a = tmp_path / "gulou-2023.txt"
    b = tmp_path / "gulou-2024.txt"
    a.write_text("福州市鼓楼区人民政府2023年政府信息公开工作年度报告\n\n" + rep.render_text(t23), encoding="utf-8")
    b.write_text("福州市鼓楼区人民政府\n2024年度政府信息公开工作年度报告\n\n" + rep.render_text(t24), encoding="utf-8")
    return a, b


def test_carry_over_mismatch_names_both_files(tmp_path):
    a, b = _gulou(tmp_path, carried_2024=1)  # 2023 四 is 2, 2024 二 is 1
    res = CliRunner().invoke(cli, ["report", "check", str(tmp_path)])
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.output.splitlines() if "两者应相等" in ln]
    assert len(lines) == 2  # 自然人 and 总计
    for line in lines:
        assert str(a) in line and str(b) in line and "为 2" in line and "该列为 1" in line
    assert "“自然人”列" in lines[0] and "“总计”列" in lines[1]


def test_consecutive_years_that_agree(tmp_path):
    _gulou(tmp_path, carried_2024=2)
    res = CliRunner().invoke(cli, ["report", "check", str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["carry_over"] == []
    assert [(r["agency"], r["year"], r["verdict"]) for r in data["reports"]] == [
        ("福州市鼓楼区人民政府", 2023, "平衡"),
        ("福州市鼓楼区人民政府", 2024, "平衡"),
    ]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "年报"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "huaian-2024.docx", folder / "huaian-2024.docx")
    shutil.copy(FIXTURES / "hongze-2024.html", folder / "sub" / "hongze-2024.html")
    shutil.copy(FIXTURES / "huaian-2024-browser-copy.txt", folder / "copy.txt")
    bad = (FIXTURES / "huaian-2024-typo.txt").read_text(encoding="utf-8").replace("    1288    ", "    1298    ")
    (folder / "wrong.txt").write_text(bad, encoding="utf-8")
    return folder


def test_a_folder_of_reports_summary_then_findings(tmp_path):
    folder = _folder(tmp_path)
    res = CliRunner().invoke(cli, ["report", "check", str(folder)])
    assert res.exit_code == 1  # wrong.txt does not balance
    out = res.output.splitlines()
    assert out[0].split() == ["文件", "机关", "年度", "格式", "结论", "发现数"]
    rows = {Path(ln.split()[0]).name: ln.split()[1:] for ln in out[2:6]}
    assert rows["copy.txt"] == ["淮安市人民政府", "2024", "2021", "年格式", "有警告", "50"]
    assert rows["huaian-2024.docx"] == ["淮安市人民政府", "2024", "2021", "年格式", "平衡", "0"]
    assert rows["hongze-2024.html"] == ["淮安市洪泽区人民政府", "2024", "2019", "年格式", "有警告", "2"]
    assert rows["wrong.txt"] == ["淮安市人民政府", "2024", "2021", "年格式", "有错误", "2"]
    # the one wrong cell: (一) 予以公开 / 自然人 printed 1298, the balance wants 1288
    assert "[三、 本年度办理结果 (一) 予以公开 / 自然人]" in res.output and "应为 1288" in res.output
    assert out[-1] == "共 4 份报告：平衡 1，有警告 2，有错误 1，无法读取 0。"


def test_csv_output_one_row_per_finding_and_formula_cells_neutralised(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(FIXTURES / "hongze-2024.html", "=HYPERLINK(1).html")
    res = CliRunner().invoke(cli, ["report", "check", "=HYPERLINK(1).html", "--format", "csv", "-o", "out.csv"])
    assert res.exit_code == 0, res.output
    raw = Path("out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:6] == ["文件", "机关", "年度", "格式", "结论", "发现数"]
    assert len(rows) == 1 + 2  # the typo'd label and the form
    assert all(r[0] == "'=HYPERLINK(1).html" for r in rows[1:])


def test_xlsx_output_of_check_has_frozen_filtered_sheets(tmp_path):
    from openpyxl import load_workbook

    folder = _folder(tmp_path)
    out = tmp_path / "核对结果.xlsx"
    runner = CliRunner()
    refused = runner.invoke(cli, ["report", "check", str(folder), "--format", "xlsx"])
    assert refused.exit_code != 0 and not out.exists()
    res = runner.invoke(cli, ["report", "check", str(folder), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "发现"]
    summary, findings = wb["汇总"], wb["发现"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref == "A1:F5"
    assert [c.value for c in summary[1]] == ["文件", "机关", "年度", "格式", "结论", "发现数"]
    assert findings.freeze_panes == "A2" and findings.max_row == 1 + 50 + 2 + 2


def test_report_build_xlsx_in_the_official_layout(tmp_path, root):
    from openpyxl import load_workbook

    out = tmp_path / "表.xlsx"
    cases = [str(p) for p in sorted((root / "cases").glob("*.yml"))]
    res = CliRunner().invoke(cli, ["report", "--year", "2024", *cases, "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws = load_workbook(out).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    # header: the note over three columns and three rows, 申请人情况 over the seven columns, 法人或其他组织 over five
    assert {"A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4"} <= merged
    assert [ws.cell(4, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert ws["A5"].value == "一、本年新收政府信息公开申请数量" and "A5:C5" in merged
    # 三、本年度办理结果 down the result rows (rows 7 to 28 in the 2021 form: (一) … (七)), (三) over its 8 rows
    assert ws["A7"].value == "三、 本年度办理结果" and "A7:A28" in merged
    assert ws["B9"].value == "(三) 不予公开" and "B9:B16" in merged
    assert ws["C10"].value == "2. 其他法律行政法规禁止公开"
    assert ws["B25"].value == "(六) 其他处理" and "B25:B27" in merged
    assert ws["B28"].value == "(七) 总计" and "B28:C28" in merged
    assert ws["A29"].value == "四、结转下年度继续办理" and "A29:C29" in merged
    text = CliRunner().invoke(cli, ["report", "--year", "2024", *cases, "--format", "json"])
    data = json.loads(text.stdout)
    for i, row in enumerate(data["rows"]):
        assert [ws.cell(5 + i, 4 + j).value for j in range(7)] == list(row["values"].values())


def test_audit_xlsx_summary_and_rows_to_review(tmp_path, root):
    from openpyxl import load_workbook

    out = tmp_path / "审查结果.xlsx"
    runner = CliRunner()
    refused = runner.invoke(cli, ["audit", str(root / "cases"), "--format", "xlsx"])
    assert refused.exit_code != 0 and "-o" in str(refused.exception)
    res = runner.invoke(cli, ["audit", str(root / "cases"), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["摘要", "需复核的案件"]
    rows = wb["需复核的案件"]
    assert rows.freeze_panes == "A2" and rows.auto_filter.ref.startswith("A1:L")
    assert [c.value for c in rows[1]][:5] == ["类型", "文件", "行", "案件", "申请人"]
    assert all(rows.cell(r, 5).value in ("（不输出）", None) for r in range(2, rows.max_row + 1))  # names masked
    assert wb["摘要"]["A2"].value == "审查案件"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_an_unreadable_file_costs_its_row_only(tmp_path, fmt):
    folder = _folder(tmp_path)
    (folder / "labels-only.txt").write_text("一、本年新收政府信息公开申请数量\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", "check", str(folder), "--format", fmt])
    assert res.exit_code == 2
    if fmt == "json":
        verdicts = Counter(r["verdict"] for r in json.loads(res.stdout)["reports"])
        assert verdicts == {"无法读取": 1, "平衡": 1, "有警告": 2, "有错误": 1}
    else:
        assert "无法读取 1" in res.output


def test_a_file_without_the_table_is_an_error_not_unreadable(tmp_path):
    folder = _folder(tmp_path)
    (folder / "说明.txt").write_text("本目录收集各机关的年度报告。\n联系电话：0517 8360 5210\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["report", "check", str(folder), "--format", "json"])
    assert res.exit_code == 1
    (note,) = [r for r in json.loads(res.stdout)["reports"] if r["file"].endswith("说明.txt")]
    assert note["verdict"] == "未找到表格" and "没有找到年度报告表" in note["error"]["message"]


def test_text_output_tells_a_whole_blank_column_once_json_lists_each_cell():
    copy = FIXTURES / "huaian-2024-browser-copy.txt"
    text = CliRunner().invoke(cli, ["report", "check", str(copy)])
    assert text.exit_code == 0
    assert text.output.count("列全部 25 行为空（未填写）") == 2 and "列为空（未填写）" not in text.output
    data = json.loads(CliRunner().invoke(cli, ["report", "check", str(copy), "--format", "json"]).stdout)
    assert len([i for i in data["reports"][0]["items"] if i["kind"] == "blank"]) == 50


def test_output_onto_a_report_being_checked_is_refused(tmp_path):
    folder = _folder(tmp_path)
    target = folder / "copy.txt"
    before = target.read_bytes()
    res = CliRunner().invoke(cli, ["report", "check", str(folder), "--format", "csv", "-o", str(target), "--force"])
    assert res.exit_code != 0 and "拒绝覆盖" in str(res.exception)
    assert target.read_bytes() == before


def test_the_xlsx_table_reads_back(tmp_path, root):
    out = tmp_path / "表.xlsx"
    cases = [str(p) for p in sorted((root / "cases").glob("*.yml"))]
    assert (
        CliRunner().invoke(cli, ["report", "--year", "2024", *cases, "--format", "xlsx", "-o", str(out)]).exit_code == 0
    )
    data = json.loads(CliRunner().invoke(cli, ["report", "--year", "2024", *cases, "--format", "json"]).stdout)
    report = rep.read_report(out)
    assert (report.reader, report.year, report.table.form) == ("xlsx", 2024, "2021")
    for row in data["rows"]:
        assert report.table.values[row["key"]] == list(row["values"].values())
    assert report.findings == [] and rep.check_values(report.table) == []
