"""Reading published reports: the three real PDFs cell by cell, Word, saved web pages, browser copies, typos."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkrules import report as rep
from gkrules.cli import cli
from gkrules.report.labels import match_label, parse_label
from gkrules.report.read_pdf import read_pdf_report

FIXTURES = Path(__file__).parent / "fixtures" / "report"
sys.path.insert(0, str(FIXTURES))
from published import HONGZE_2023, HONGZE_2024, HUAIAN_2024  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "real-reports"
PUBLISHED = [
    ("hongze-district-2023.pdf", HONGZE_2023, "2019", 2023, "洪泽区人民政府"),
    ("hongze-district-2024.pdf", HONGZE_2024, "2019", 2024, "淮安市洪泽区人民政府"),
    ("huaian-city-2024.pdf", HUAIAN_2024, "2021", 2024, "淮安市人民政府"),
]


def _real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"the published report {path} is not available (shared/real-reports/ beside the repository)")
    return path


class _Opened:
    """What ``pdfplumber.open`` returns, over a document that stays open: leaving ``with`` keeps it."""

    def __init__(self, pdf):
        self.pdf = pdf

    def __enter__(self):
        return self.pdf

    def __exit__(self, *exc) -> None:
        pass

    def close(self) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self.pdf, name)


@pytest.fixture(scope="module", autouse=True)
def _pdf_pages_read_once():
    """pdfminer's reading of a PDF's pages (pdfplumber caches it on each page) is done once per test process
    for the same bytes: it is the library's work, the same each time, and each test still reads the table,
    words and text from the pages as the commands do. A file pdfplumber cannot open raises as before."""
    import pdfplumber

    real_open = pdfplumber.open
    opened: dict[bytes, object] = {}

    def open_once(path, *args, **kwargs):
        if args or kwargs or not isinstance(path, (str, Path)):
            return real_open(path, *args, **kwargs)
        key = hashlib.sha256(Path(path).read_bytes()).digest()
        if key not in opened:
            opened[key] = real_open(path)
        return _Opened(opened[key])

    pdfplumber.open = open_once
    try:
        yield
    finally:
        pdfplumber.open = real_open
        for pdf in opened.values():
            pdf.close()  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=None)
def _read_published(name: str) -> rep.FilledReport:
    """``read_report`` of a published PDF, read once per test process (the tests below only look at it)."""
    return rep.read_report(_real(name))


@pytest.mark.parametrize("name,expected,form,year,agency", PUBLISHED)
def test_published_pdf_every_cell(name, expected, form, year, agency):
    report = _read_published(name)
    assert report.table.form == form
    assert (report.year, report.agency) == (year, agency)
    assert set(report.table.values) == set(expected)
    for key, values in expected.items():
        assert report.table.values[key] == values, key
    assert rep.check_values(report.table) == []


@pytest.mark.parametrize("method", ["tables", "lines"])
@pytest.mark.parametrize("name,expected,form,year,agency", PUBLISHED)
def test_published_pdf_both_ways_of_reading(name, expected, form, year, agency, method):
    """The table finder and the text-line reading (labels wrapped around numbers, vertical header) agree."""
    report, _ = read_pdf_report(_real(name), method)
    assert report.table.form == form
    assert {k: report.table.values[k] for k in expected} == expected


@pytest.mark.parametrize("name,expected,form,year,agency", PUBLISHED)
def test_published_pdf_findings(name, expected, form, year, agency):
    report = _read_published(name)
    kinds = sorted(f.kind for f in report.findings)
    if name.startswith("hongze"):
        # the 2019 form in a 2021+ report, and the printed typo 2.其他法律行政止公开
        assert kinds == ["form", "label"]
        form_warning = next(f for f in report.findings if f.kind == "form")
        assert "国办公开办函〔2021〕30号" in form_warning.message and form_warning.severity == "warning"
        label = next(f for f in report.findings if f.kind == "label")
        assert "2.其他法律行政止公开" in label.message and "2. 其他法律行政法规禁止公开" in label.message
    else:
        assert kinds == []


def test_published_pdfs_check_exit_0_with_form_warnings(tmp_path):
    for name, *_ in PUBLISHED:
        shutil.copy(_real(name), tmp_path / name)
    res = CliRunner().invoke(cli, ["report", "check", str(tmp_path), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    summary = {Path(r["file"]).name: (r["agency"], r["year"], r["form"], r["verdict"]) for r in data["reports"]}
    assert summary == {
        "hongze-district-2023.pdf": ("洪泽区人民政府", 2023, "2019", "有警告"),
        "hongze-district-2024.pdf": ("淮安市洪泽区人民政府", 2024, "2019", "有警告"),
        "huaian-city-2024.pdf": ("淮安市人民政府", 2024, "2021", "平衡"),
    }
    assert data["carry_over"] == []  # 洪泽区 2023 四 = 0 = 2024 二 in every column


def test_docx_report_in_the_published_layout():
    report = rep.read_report(FIXTURES / "huaian-2024.docx")
    assert report.reader == "docx" and report.table.form == "2021"
    assert {k: report.table.values[k] for k in HUAIAN_2024} == HUAIAN_2024
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    assert report.findings == []


def test_saved_html_page_with_rowspans_and_other_tables():
    report = rep.read_report(FIXTURES / "hongze-2024.html")
    assert report.reader == "html" and report.table.form == "2019"
    assert {k: report.table.values[k] for k in HONGZE_2024} == HONGZE_2024
    assert (report.agency, report.year) == ("淮安市洪泽区人民政府", 2024)
    assert sorted(f.kind for f in report.findings) == ["form", "label"]


def test_browser_copy_blank_cells_are_warnings_naming_row_and_column():
    report = rep.read_report(FIXTURES / "huaian-2024-browser-copy.txt")
    blanks = [f for f in report.findings if f.kind == "blank"]
    assert len(blanks) == 25 * 2  # 科研机构 and 社会公益组织 left blank on every row
    assert {f.column for f in blanks} == {"科研机构", "社会公益组织"}
    assert all(f.severity == "warning" for f in blanks)
    first = blanks[0]
    assert first.row == "一、 本年新收政府信息公开申请数量" and "为空（未填写）" in first.message
    assert first.line == 6  # the line of row 一 in the copy
    for key, values in HUAIAN_2024.items():
        assert report.table.values[key] == [values[0], values[1], None, None, *values[4:]]
    assert rep.check_values(report.table, report.lines) == []


def test_blank_cells_do_not_hide_errors_elsewhere(tmp_path):
    text = (FIXTURES / "huaian-2024-browser-copy.txt").read_text(encoding="utf-8")
    path = tmp_path / "copy.txt"
    path.write_text(
        text.replace("2.其他法律行政法规禁止公开\t30\t", "2.其他法律行政法规禁止公开\t33\t"), encoding="utf-8"
    )
    res = CliRunner().invoke(cli, ["report", "check", str(path), "--format", "json"])
    assert res.exit_code == 1
    (item,) = [i for i in json.loads(res.stdout)["reports"][0]["items"] if i["kind"] == "balance"]
    # 自然人: the rows (一)…(六) add up to 2935 while (七) and 一+二−四 are both 2932
    assert item["column"] == "自然人" and "2935" in item["message"] and "2932" in item["message"]
    assert "错误在 (一) 至 (六) 各行" in item["message"] and "expected" not in item


def test_typo_in_a_sub_row_of_san_is_not_taken_for_the_2021_rows():
    report = rep.read_report(FIXTURES / "huaian-2024-typo.txt")  # runs of spaces between cells
    assert report.table.form == "2021"
    assert report.table.values["refused/law_prohibited"] == [30, 1, 0, 0, 0, 0, 31]
    assert report.table.values["other/other"] == [108, 2, 0, 0, 0, 0, 110]
    (label,) = report.findings
    assert label.kind == "label" and label.row == "(三) 不予公开 2. 其他法律行政法规禁止公开"
    assert "样式中为“2. 其他法律行政法规禁止公开”" in label.message


@pytest.mark.parametrize(
    "cells,key",
    [
        (["(三) 不予公开", "1、属于国家秘密"], "refused/state_secret"),
        (["（三）不予公开", "（1）属于国家秘密"], "refused/state_secret"),
        (["", "", "3．危及 “三安全一稳定”"], "refused/security_stability"),
        (["（二） 部分公开 （区分处理的，只计这一情形，不计其他情形）"], "partial"),
        (["四 、结转下年度继续办理"], "next_year"),
        (["（六）其他处理"], "other"),
        (["（六）其\n他处理", "3、其他"], "other/other"),
        (["2.其他法律行政止公开"], "refused/law_prohibited"),
        (["法提供", "2.没有现成信息需要另行制作"], "cannot_provide/needs_creation"),
    ],
)
def test_label_matching_is_tolerant(cells, key):
    context = "三" if key.startswith("refused") else "四" if key.startswith("cannot") else None
    match = match_label(parse_label(cells), context)
    assert match is not None and match.row.key == key


@pytest.mark.parametrize(
    "cells", [["行政处罚"], ["一律不准发布。"], ["第二十条第（六）项"], ["二、主动公开政府信息情况"]]
)
def test_other_text_of_the_report_is_not_a_row(cells):
    label = parse_label(cells)
    assert label is None or match_label(label) is None


def test_a_number_of_thousands_of_digits_is_a_clean_message(tmp_path):
    text = (FIXTURES / "huaian-2024-browser-copy.txt").read_text(encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(text.replace("\t3001\t", "\t" + "9" * 5000 + "\t"), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["report", "check", str(huge)])
    assert res.exit_code == 2
    assert "5000 位" in res.output and "Traceback" not in res.output
    # in a folder, it costs one row: the other reports are still checked
    folder = tmp_path / "many"
    folder.mkdir()
    shutil.copy(huge, folder / "a-huge.txt")
    shutil.copy(FIXTURES / "huaian-2024.docx", folder / "b.docx")
    res = runner.invoke(cli, ["report", "check", str(folder), "--format", "json"])
    assert res.exit_code == 2
    verdicts = [r["verdict"] for r in json.loads(res.stdout)["reports"]]
    assert verdicts == ["无法读取", "平衡"]


def _pdf_without_text(path: Path) -> None:
    """A one-page PDF holding only a drawn line: what a scan gives (an image, no text layer)."""
    stream = b"0 0 m 200 200 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_scanned_pdf_gets_a_clear_message(tmp_path):
    scan = tmp_path / "scan.pdf"
    _pdf_without_text(scan)
    res = CliRunner().invoke(cli, ["report", "check", str(scan)])
    assert res.exit_code == 2
    assert "没有文字层" in res.output and "扫描件" in res.output


def test_not_a_pdf_and_old_word_files_are_refused_clearly(tmp_path):
    fake = tmp_path / "r.pdf"
    fake.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    doc = tmp_path / "r.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0")
    res = CliRunner().invoke(cli, ["report", "check", str(fake), str(doc)])
    assert res.exit_code == 2
    assert "无法打开 PDF" in res.output or "PDF 内容无法解析" in res.output or "没有文字层" in res.output
    assert "旧版 Word 文档" in res.output


@pytest.mark.parametrize("name,expected,form,year,agency", PUBLISHED)
def test_text_copied_from_the_pdf(tmp_path, name, expected, form, year, agency):
    """The PDF's plain text (labels wrapped around numbers, vertical header, footers, other tables) as a .txt."""
    import pdfplumber

    with pdfplumber.open(_real(name)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    report = rep.read_report(path)
    assert report.reader == "text-flow"
    assert (report.table.form, report.year, report.agency) == (form, year, agency)
    assert {k: report.table.values[k] for k in expected} == expected


def test_pdf_text_lines_see_a_blank_cell_by_its_position():
    """Without the table finder, a number missing from a row is placed by the columns' positions."""
    import pdfplumber

    from gkrules.report.flow import flow_lines_from_words, table_from_flow

    with pdfplumber.open(_real("huaian-city-2024.pdf")) as pdf:
        pages = [page.extract_words() for page in pdf.pages]
    # the agency left (二) 部分公开 / 商业企业 (printed 7, page 4) blank
    row_top = next(w["top"] for w in pages[3] if w["text"] == "447")
    pages[3] = [w for w in pages[3] if not (w["text"] == "7" and abs(w["top"] - row_top) < 3)]
    report = table_from_flow(flow_lines_from_words(pages, "x.pdf"), "x.pdf", unit="页")
    assert report.table.values["partial"] == [447, None, 0, 0, 0, 0, 454]
    (blank,) = report.findings
    assert blank.kind == "blank" and blank.column == "商业企业" and blank.line == 4
    assert rep.check_values(report.table) == []


def test_aligned_text_with_blank_cells_placed_by_column():
    """Runs of spaces (a text browser's dump): a row's missing numbers are placed by display position."""
    report = rep.read_report(FIXTURES / "hongze-2024-aligned.txt")
    blank = {("not_processed/publication", j) for j in range(7)} | {("not_processed/excessive", 2), ("total", 3)}
    for key, values in HONGZE_2024.items():
        assert report.table.values[key] == [None if (key, j) in blank else v for j, v in enumerate(values)], key
    found = {(f.row, f.column) for f in report.findings if f.kind == "blank"}
    assert ("(五) 不予处理 4. 无正当理由大量反复申请", "科研机构") in found and ("(七) 总计", "社会公益组织") in found
    assert len(found) == 9
    assert rep.check_values(report.table) == []


def test_saved_page_in_gbk(tmp_path):
    page = (FIXTURES / "hongze-2024.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gb18030"))
    report = rep.read_report(path)
    assert report.table.values["cannot_provide/not_held"] == [31, 0, 0, 0, 0, 0, 31]
    assert report.agency == "淮安市洪泽区人民政府"
    assert not [f for f in report.findings if f.kind == "encoding"]
