"""``check`` on the case files of cases/letters/: clean letters (ok-*) have no finding, each defective
letter (bad-*) has the findings of its element; the command's output, JSON and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gkrules.caseio import load_case
from gkrules.check import check_case, check_exit_code
from gkrules.cli import cli, main
from gkrules.letter.profile import load_profile


class _Out:
    def __init__(self, exit_code, output):
        self.exit_code, self.output = exit_code, output


def invoke(args) -> _Out:
    """Run the command line as ``gkrules`` does (errors printed, exit code kept)."""
    result = CliRunner().invoke(_main_command, args)
    return _Out(result.exit_code, result.output)


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.pass_context
def _main_command(ctx):
    main(list(ctx.args))


ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "cases" / "letters"

#: defective letter -> the findings it must give (codes), and nothing else
EXPECTED = {
    "bad-category": {"GK-K-001"},
    "bad-title": {"GK-L-002"},
    "bad-doc-number": {"GK-L-005", "GK-L-006", "GK-L-007"},
    "bad-doc-number-year": {"GK-L-009"},
    "bad-salutation": {"GK-L-012"},
    "bad-receipt-date": {"GK-L-014"},
    "bad-request-missing": {"GK-L-015"},
    # 予以公开 with 第三十八条 only: the wrong word is reported once (GK-L-075 says the same and is left out)
    "bad-decision-words": {"GK-L-017"},
    "bad-legal-basis-article": {"GK-L-019", "GK-L-070"},  # a refusal citing only 第三十六条第（三）项
    "bad-legal-basis-2007": {"GK-L-019", "GK-L-021"},
    # partial from a separable third-party item: 第三十七条 alone is not enough, 第十五条 is needed too
    "bad-legal-basis-partial-only-37": {"GK-L-019"},
    # 第十五条 with no third party named; no reason says what the document contains, so separation is not asked
    "bad-reasons-missing": {"GK-L-022", "GK-L-071"},
    "bad-reasons-only-article-words": {"GK-L-024"},
    # a drafted refusal whose 【请填写理由：…】 was never filled in cannot be sent
    "bad-reasons-placeholder": {"GK-L-045"},
    "bad-no-separation-considered": {"GK-L-025"},
    "bad-guidance-other-agency": {"GK-L-027"},
    "bad-guidance-publication": {"GK-L-028"},
    # the remedy notice's 可在…60日内 / 可以在6个月内 is no place to get the information
    "bad-guidance-disclosed-remedy-only": {"GK-L-026"},
    "bad-guidance-publication-remedy-only": {"GK-L-028"},
    "bad-remedy-missing": {"GK-L-029"},
    "bad-remedy-direct-suit-2024": {"GK-L-030"},
    "bad-signature": {"GK-L-037"},
    "bad-date-format": {"GK-L-039"},
    "bad-date-mismatch": {"GK-L-040"},
    "bad-dates-mixed": {"GK-L-041"},
    # charged 按件: the 31st request of a month costs 200元 (国办函〔2020〕109号第四条), not the month's 2,200元
    "bad-fee-month-total": {"GK-L-065"},
}
CLEAN = sorted(p.stem for p in LETTERS.glob("ok-*.yml"))


def run(path, **kw):
    return check_case(load_case(path), path, **kw)


@pytest.mark.parametrize("name", CLEAN)
def test_clean_letters_have_no_findings(name):
    result = run(LETTERS / f"{name}.yml")
    assert result["findings"] == []
    assert check_exit_code(result) == 0


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_defective_letters_report_their_element(name):
    result = run(LETTERS / f"{name}.yml")
    assert {f["code"] for f in result["findings"]} == EXPECTED[name]


def test_every_defective_case_is_listed():
    assert {p.stem for p in LETTERS.glob("bad-*.yml")} == set(EXPECTED)


def test_clean_letters_cover_every_category_group():
    groups = {load_case(LETTERS / f"{n}.yml").decision.category.split("/")[0] for n in CLEAN}
    assert groups == {"open", "partial", "refused", "cannot_provide", "not_processed", "other"}


def test_defective_letters_cover_every_element():
    from gkrules.letter.parse import ELEMENTS
    from gkrules.rulebook import ruleset

    rs = ruleset(ROOT / "rules")
    elements = {rs.get(code).element for codes in EXPECTED.values() for code in codes}
    assert set(ELEMENTS) | {"category"} <= elements


def test_result_json_contract():
    result = run(LETTERS / "bad-doc-number.yml")
    assert {"id", "category", "draft_category", "findings", "deadline"} <= set(result)
    # received Wednesday 2020-05-06; day 1 is 05-07, Saturday 05-09 is a working day (Labour Day 2020
    # arrangement), no holiday until 06-25: the 20th working day is Tuesday 2020-06-02
    assert result["deadline"] == "2020-06-02"
    assert sorted(f["code"] for f in result["findings"]) == ["GK-L-005", "GK-L-006", "GK-L-007"]
    for f in result["findings"]:
        assert {"code", "element", "severity", "message", "line", "expected", "found", "profile"} <= set(f)
        assert f["line"] == 2 and f["found"] == "鼓审公开[2020]第03号" and f["expected"] == "鼓审公开〔2020〕3号"


def test_category_finding_names_both_categories_and_the_rule():
    (f,) = run(LETTERS / "bad-category.yml")["findings"]
    assert f["element"] == "category"
    assert "不予公开：保护第三方合法权益" in f["message"] and "予以公开" in f["message"]
    assert "GK-C-011" in f["message"] and "第三十六条" in f["message"]


def test_findings_are_sorted_by_line(tmp_path):
    text = (LETTERS / "ok-open-budget-report.txt").read_text(encoding="utf-8")
    text = (
        text.replace("〔2020〕3号", "[2020]3号")
        .replace("张某：", "李某：")
        .replace("\n2020年5月28日", "\n2020年05月28日")
    )
    letter = tmp_path / "x.txt"
    letter.write_text(text, encoding="utf-8")
    result = run(LETTERS / "ok-open-budget-report.yml", letter_path=letter)
    assert [f["code"] for f in result["findings"]] == ["GK-L-005", "GK-L-012", "GK-L-039"]
    assert [f["line"] for f in result["findings"]] == [2, 3, 8]


def test_profile_tolerates_and_names_itself(tmp_path):
    profile = load_profile(ROOT / "profiles" / "fuzhou-gulou-audit.yml")
    text = (LETTERS / "ok-open-budget-report.txt").read_text(encoding="utf-8").replace("〔2020〕", "（2020）")
    letter = tmp_path / "x.txt"
    letter.write_text(text, encoding="utf-8")
    strict = run(LETTERS / "ok-open-budget-report.yml", letter_path=letter)
    assert {f["code"] for f in strict["findings"]} == {"GK-L-005"}
    assert strict["findings"][0]["profile"] == "default"
    agency = run(LETTERS / "ok-open-budget-report.yml", letter_path=letter, profile=profile)
    # round brackets tolerated; the review address the profile asks for is missing (a warning)
    assert [(f["code"], f["severity"], f["profile"]) for f in agency["findings"]] == [
        ("GK-L-035", "warning", "fuzhou-gulou-audit")
    ]
    assert check_exit_code(agency) == 0


def test_profile_prefix_and_review_body(tmp_path):
    profile = load_profile(ROOT / "profiles" / "fuzhou-gulou-audit.yml")
    text = (LETTERS / "ok-open-budget-report.txt").read_text(encoding="utf-8")
    text = text.replace("鼓审公开", "鼓审").replace("向福州市鼓楼区人民政府", "向福州市人民政府")
    letter = tmp_path / "x.txt"
    letter.write_text(text, encoding="utf-8")
    codes = {
        f["code"] for f in run(LETTERS / "ok-open-budget-report.yml", letter_path=letter, profile=profile)["findings"]
    }
    assert {"GK-L-010", "GK-L-034"} <= codes


def test_profile_severity_off(tmp_path):
    path = tmp_path / "p.yml"
    path.write_text("name: quiet\nseverity:\n  GK-L-039: 'off'\n", encoding="utf-8")
    result = run(LETTERS / "bad-date-format.yml", profile=load_profile(path))
    assert result["findings"] == []


@pytest.mark.parametrize(
    "content,where",
    [
        ("name: x\ndoc_numbr: {}\n", ":2:"),
        ("name: x\nseverity:\n  GK-L-999: warning\n", ":3:"),
        ("name: x\ndoc_number:\n  tolerate: [curly]\n", ":3:"),
        ("name: x\nseverity:\n  GK-L-001: fatal\n", ":3:"),
    ],
)
def test_bad_profile_is_an_error_with_file_and_line(tmp_path, content, where):
    path = tmp_path / "p.yml"
    path.write_text(content, encoding="utf-8")
    out = invoke(["check", str(LETTERS / "ok-open-budget-report.yml"), "--profile", str(path)])
    assert out.exit_code == 2
    assert f"{path}{where}" in out.output
    assert "Traceback" not in out.output


def test_cli_text_and_exit_codes():
    ok = invoke(["check", str(LETTERS / "ok-open-budget-report.yml")])
    assert ok.exit_code == 0 and "未发现问题" in ok.output
    bad = invoke(["check", str(LETTERS / "bad-doc-number.yml")])
    assert bad.exit_code == 1
    assert "GK-L-005" in bad.output and "鼓审公开〔2020〕3号" in bad.output and "鼓审公开[2020]第03号" in bad.output
    warn = invoke(["check", str(LETTERS / "bad-reasons-only-article-words.yml")])
    assert warn.exit_code == 0 and "GK-L-024" in warn.output


def test_cli_json():
    out = invoke(["check", str(LETTERS / "bad-signature.yml"), "--format", "json"])
    data = json.loads(out.output)
    assert data["findings"][0]["code"] == "GK-L-037" and data["findings"][0]["found"] == "福州市鼓楼区财政局"


def test_cli_unusable_letter_exits_2(tmp_path):
    case = tmp_path / "c.yml"
    text = (
        (LETTERS / "ok-open-budget-report.yml")
        .read_text(encoding="utf-8")
        .replace("ok-open-budget-report.txt", "letter.doc")
    )
    case.write_text(text, encoding="utf-8")
    (tmp_path / "letter.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    out = invoke(["check", str(case)])
    assert out.exit_code == 2
    assert "另存为" in out.output and "libreoffice --headless --convert-to docx" in out.output


def test_cli_missing_letter_exits_2(tmp_path):
    case = tmp_path / "c.yml"
    shutil.copy(LETTERS / "ok-open-budget-report.yml", case)
    out = invoke(["check", str(case)])
    assert out.exit_code == 2 and "找不到答复书" in out.output
    # the case file and its field are named, then the letter looked for
    letter = tmp_path / "ok-open-budget-report.txt"
    assert f"错误：{case}: 字段 decision.letter: 找不到答复书文件 {letter}" in out.output


def test_check_missing_letter_error_names_case_and_field(tmp_path):
    from gkrules.errors import InputError

    case = tmp_path / "c.yml"
    shutil.copy(LETTERS / "ok-open-budget-report.yml", case)
    with pytest.raises(InputError) as err:
        run(case)
    assert err.value.file == str(case) and err.value.field == "decision.letter"


def test_cli_missing_letter_option_names_the_letter(tmp_path):
    out = invoke(["check", str(LETTERS / "ok-open-budget-report.yml"), "--letter", str(tmp_path / "nope.txt")])
    assert out.exit_code == 2 and f"错误：{tmp_path / 'nope.txt'}: 找不到答复书文件" in out.output


def test_check_without_letter_reports_only_category():
    case = load_case(LETTERS / "bad-category.yml")
    case = case.model_copy(update={"decision": case.decision.model_copy(update={"letter": None})})
    result = check_case(case)
    assert [f["code"] for f in result["findings"]] == ["GK-K-001"]


def test_draft_cli_refuses_to_overwrite(tmp_path):
    out_file = tmp_path / "d.txt"
    args = ["draft", str(LETTERS / "ok-refused-third-party.yml"), "-o", str(out_file)]
    assert invoke(args).exit_code == 0
    out_file.write_text("staff edits", encoding="utf-8")
    again = invoke(args)
    assert again.exit_code == 2 and "--force" in again.output
    assert out_file.read_text(encoding="utf-8") == "staff edits"
    assert invoke([*args, "--force"]).exit_code == 0
    assert "【请填写理由" in out_file.read_text(encoding="utf-8")


def test_draft_cli_stdout_and_docx(tmp_path):
    out = invoke(["draft", str(LETTERS / "ok-open-budget-report.yml")])
    assert out.exit_code == 0 and out.output.startswith("福州市鼓楼区审计局政府信息公开申请答复书\n")
    docx = tmp_path / "d.docx"
    assert invoke(["draft", str(LETTERS / "ok-open-budget-report.yml"), "-o", str(docx)]).exit_code == 0
    res = invoke(["check", str(LETTERS / "ok-open-budget-report.yml"), "--letter", str(docx)])
    assert res.exit_code == 0, res.output


def test_help_has_chinese_examples():
    for command in ("check", "draft"):
        out = invoke([command, "--help"])
        assert out.exit_code == 0 and "示例" in out.output and "gkrules " + command in out.output


def test_direct_suit_is_wrong_for_refusals_only_from_2024(tmp_path):
    """The dated remedy rule: the same refusal letter offering direct suit is fine on 2023-12-29 and a
    finding on 2024-01-02 (行政复议法 as revised in 2023, in force 2024-01-01)."""
    base = (LETTERS / "bad-remedy-direct-suit-2024.txt").read_text(encoding="utf-8")
    case = load_case(LETTERS / "bad-remedy-direct-suit-2024.yml")
    found = {}
    for received, reply in (("2023-12-11", "2023-12-29"), ("2023-12-15", "2024-01-02")):
        r, d = (__import__("datetime").date.fromisoformat(x) for x in (received, reply))
        text = (
            base.replace("2024年3月1日", f"{r.year}年{r.month}月{r.day}日")
            .replace("2024年3月20日", f"{d.year}年{d.month}月{d.day}日")
            .replace("〔2024〕", f"〔{d.year}〕")
        )
        letter = tmp_path / f"{reply}.txt"
        letter.write_text(text, encoding="utf-8")
        c = case.model_copy(update={"received": r, "decision": case.decision.model_copy(update={"reply_date": d})})
        found[reply] = {f["code"] for f in check_case(c, letter_path=letter)["findings"] if f["element"] != "deadline"}
    assert found == {"2023-12-29": set(), "2024-01-02": {"GK-L-030"}}


def test_json_for_several_cases_is_a_list():
    out = invoke(
        ["check", str(LETTERS / "ok-open-budget-report.yml"), str(LETTERS / "bad-title.yml"), "--format", "json"]
    )
    data = json.loads(out.output)
    assert [d["id"] for d in data] == [
        "GL-SJ-2020-017-ok-open-budget-report",
        "GL-SJ-2020-017-bad-title",
    ] and out.exit_code == 1


VARIANT_NOT_HELD = """政府信息公开告知书
鼓审公开〔2021〕23号
尊敬的某某研究院：
    贵单位于2021年9月6日提交的政府信息公开申请本局已收悉。贵单位申请获取“2020年度市级财政专项资金审计报告”。
    经查，本局未制作、未获取该报告，该信息不存在。依据《中华人民共和国政府信息公开条例》第三十六条第四项之规定，特此告知。
    贵单位如不服本告知，可自收到本告知书之日起六十日内向福州市鼓楼区人民政府申请行政复议，或者自收到本告知书之日起六个月内向人民法院提起行政诉讼。
福州市鼓楼区审计局（盖章）
2021年9月17日
"""


def test_differently_worded_correct_letter_passes(tmp_path):
    case = load_case(LETTERS / "ok-cannot-provide-not-held.yml")
    items = [case.items[0].model_copy(update={"other_agency": None})]
    case = case.model_copy(
        update={
            "items": items,
            "applicant": case.applicant.model_copy(update={"name": "某某研究院", "type": "research_institution"}),
        }
    )
    letter = tmp_path / "v.txt"
    letter.write_text(VARIANT_NOT_HELD, encoding="utf-8")
    result = check_case(case, letter_path=letter)
    # only the title without the agency's name, as a warning (letter-template.md: "a warning at most")
    assert [(f["code"], f["severity"]) for f in result["findings"]] == [("GK-L-003", "warning")]
    assert check_exit_code(result) == 0


def test_profile_for_another_agency_is_noted():
    profile = load_profile(ROOT / "profiles" / "fuzhou-gulou-audit.yml")
    case = load_case(LETTERS / "ok-open-budget-report.yml")
    other = case.model_copy(
        update={"agency": "泉州市市场监督管理局", "decision": case.decision.model_copy(update={"letter": None})}
    )
    result = check_case(other, profile=profile)
    assert any("fuzhou-gulou-audit" in w and "泉州市市场监督管理局" in w for w in result["warnings"])


@pytest.mark.parametrize(
    "profile_text,edit,expected",
    [
        ("name: p\n", ("〔2020〕3号", "〔2020〕第3号"), {"GK-L-006"}),
        ("name: p\ndoc_number:\n  tolerate: [di, leading-zero]\n", ("〔2020〕3号", "〔2020〕第03号"), set()),
        ("name: p\ndoc_number:\n  tolerate: [square-brackets]\n", ("〔2020〕", "［2020］"), set()),
        ("name: p\n", ("鼓审公开〔2020〕3号\n", ""), {"GK-L-004"}),
        ("name: p\ndoc_number:\n  required: false\n", ("鼓审公开〔2020〕3号\n", ""), set()),
        ("name: p\n", ("福州市鼓楼区审计局政府信息公开申请答复书", "政府信息公开告知书"), {"GK-L-003"}),
        (
            "name: p\ntitle:\n  agency_name: optional\n",
            ("福州市鼓楼区审计局政府信息公开申请答复书", "政府信息公开告知书"),
            set(),
        ),
        ("name: p\n", ("政府信息公开申请答复书", "政府信息公开申请处理决定书"), {"GK-L-002"}),
        (
            "name: p\ntitle:\n  wordings: [政府信息公开申请处理决定书]\n",
            ("政府信息公开申请答复书", "政府信息公开申请处理决定书"),
            set(),
        ),
        ("name: p\nseverity:\n  GK-L-006: warning\n", ("〔2020〕3号", "〔2020〕第3号"), {"GK-L-006"}),
    ],
)
def test_profile_options(tmp_path, profile_text, edit, expected):
    path = tmp_path / "p.yml"
    path.write_text(profile_text, encoding="utf-8")
    text = (LETTERS / "ok-open-budget-report.txt").read_text(encoding="utf-8").replace(*edit)
    letter = tmp_path / "x.txt"
    letter.write_text(text, encoding="utf-8")
    result = run(LETTERS / "ok-open-budget-report.yml", letter_path=letter, profile=load_profile(path))
    assert {f["code"] for f in result["findings"]} == expected
    if "warning" in profile_text:
        assert result["findings"][0]["severity"] == "warning" and check_exit_code(result) == 0


def test_late_reply_is_a_deadline_finding_placed_at_the_date_and_profile_can_soften_it(tmp_path):
    case = load_case(LETTERS / "ok-open-budget-report.yml")
    late = case.model_copy(
        update={
            "decision": case.decision.model_copy(
                update={"reply_date": __import__("datetime").date(2020, 6, 10), "letter": None}
            )
        }
    )
    text = (
        (LETTERS / "ok-open-budget-report.txt")
        .read_text(encoding="utf-8")
        .replace("\n2020年5月28日", "\n2020年6月10日")
    )
    letter = tmp_path / "late.txt"
    letter.write_text(text, encoding="utf-8")
    result = check_case(late, letter_path=letter)
    assert [(f["code"], f["severity"]) for f in result["findings"]] == [("GK-D-001", "error")]
    assert result["deadline"] == "2020-06-02"
    path = tmp_path / "p.yml"
    path.write_text("name: lenient\nseverity:\n  GK-D-001: warning\n", encoding="utf-8")
    soft = check_case(late, letter_path=letter, profile=load_profile(path))
    assert [(f["code"], f["severity"], f["profile"]) for f in soft["findings"]] == [("GK-D-001", "warning", "lenient")]


def test_check_json_records_the_source_of_each_counted_day(tmp_path):
    case = Path(__file__).resolve().parent.parent / "cases" / "letters" / "ok-refused-third-party.yml"
    result = CliRunner().invoke(cli, ["check", str(case), "--format", "json"])
    data = json.loads(result.output)
    days = data["deadline_detail"]["counted_days"]
    assert len(days) == 20 and days[-1]["date"] == data["deadline"]
    assert all(d["source"].startswith("chinesecalendar") for d in days)


@pytest.mark.parametrize("name", ["x.txt", "x.docx"])
def test_draft_cli_output_in_missing_directory_is_an_input_error(tmp_path, name):
    target = tmp_path / "nodir" / name
    out = invoke(["draft", str(LETTERS / "ok-refused-third-party.yml"), "-o", str(target)])
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output
    assert f"错误：{target}: 无法写入输出文件" in out.output
    assert not target.parent.exists()


def test_draft_cli_output_that_is_a_directory_is_refused_in_chinese(tmp_path):
    out = invoke(["draft", str(LETTERS / "ok-refused-third-party.yml"), "-o", str(tmp_path)])
    assert out.exit_code == 2
    assert f"错误：{tmp_path}: " in out.output and "目录" in out.output
    assert "Invalid value" not in out.output


def test_cli_refusal_with_unfilled_reasons_exits_1():
    out = invoke(["check", str(LETTERS / "bad-reasons-placeholder.yml")])
    assert out.exit_code == 1, out.output
    assert "GK-L-045" in out.output and "【请填写理由" in out.output


def test_draft_cli_refuses_a_date_before_receipt():
    out = invoke(["draft", str(LETTERS / "ok-refused-third-party.yml"), "--date", "2024-02-01"])
    assert out.exit_code == 2, out.output
    assert "ok-refused-third-party.yml" in out.output and "早于收到申请的日期 2024年3月1日" in out.output
    assert "政府信息公开申请答复书" not in out.output


def test_draft_cli_refuses_a_case_replied_before_receipt(tmp_path):
    case = tmp_path / "c.yml"
    case.write_text(
        (LETTERS / "ok-refused-third-party.yml")
        .read_text(encoding="utf-8")
        .replace("reply_date: 2024-03-20", "reply_date: 2024-02-20"),
        encoding="utf-8",
    )
    out = invoke(["draft", str(case)])
    assert out.exit_code == 2, out.output
    assert f"{case}: 字段 decision.reply_date: 答复日期 2024年2月20日 早于收到申请的日期 2024年3月1日" in out.output
    # an explicit, later --date is what staff meant
    fixed = invoke(["draft", str(case), "--date", "2024-03-05"])
    assert fixed.exit_code == 0 and fixed.output.rstrip().endswith("2024年3月5日")


def test_draft_cli_same_day_reply_is_fine():
    out = invoke(["draft", str(LETTERS / "ok-refused-third-party.yml"), "--date", "2024-03-01"])
    assert out.exit_code == 0 and out.output.rstrip().endswith("2024年3月1日")
