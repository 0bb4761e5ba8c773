"""Dated legal parameters and data tables (rules/params/): values as the law states them, checked by lint,
shown in the rule book."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from gkrules import categories, params
from gkrules.errors import InputError
from gkrules.lint import lint_root
from gkrules.rulebook import load_ruleset
from gkrules.ruledoc import rule_book

ROOT = Path(__file__).resolve().parent.parent


def test_periods_are_the_regulations():
    """条例第三十三条第二款 20 and 20 working days; 第三十条 7; 第三十二条 15."""
    assert params.value("reply_days", dt.date(2024, 1, 1)) == 20
    assert params.get("reply_days").on().reference == "条例第三十三条第二款"
    assert params.value("extension_days") == 20
    assert params.value("correction_notice_days") == 7
    assert params.get("correction_notice_days").on().reference == "条例第三十条"
    assert params.value("consultation_days") == 15


def test_key_dates():
    assert params.date("regulation_2019") == dt.date(2019, 5, 15)  # 国务院令第711号
    assert params.date("review_law_2023") == dt.date(2024, 1, 1)  # 行政复议法（2023年修订）第九十条
    assert params.date("fee_rules") == dt.date(2021, 1, 1)  # 国办函〔2020〕109号


def test_a_parameter_has_no_value_before_it_applies():
    with pytest.raises(InputError, match="2021-01-01"):
        params.value("fee_free_requests", dt.date(2020, 6, 1))


def test_every_value_is_dated_cited_and_quoted():
    for p in params.load().values():
        for v in p.values:
            assert v.reference and v.quote and v.start >= dt.date(2019, 5, 15), p.name


def test_category_table_follows_the_2019_and_2021_forms():
    assert [code for code, _, _ in categories.report_rows("2019")][-1] == "other"
    assert [code for code, _, _ in categories.report_rows("2021")][-3:] == [
        "other/no_correction",
        "other/fee_unpaid",
        "other/other",
    ]
    assert categories.articles("refused/internal_affairs") == ((16, 1, None),)
    assert categories.get("refused/third_party").report_row == "（三）4 保护第三方合法权益"


def test_lint_reports_a_broken_parameter_file(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / "params" / "periods.yml").read_text(encoding="utf-8")
    (rules / "params" / "periods.yml").write_text(
        text.replace("        reference: 条例第三十条\n", "        reference: ''\n"), encoding="utf-8"
    )
    report = lint_root(rules)
    assert "bad-data" in report.kinds()


def test_rule_book_shows_the_tables():
    book = rule_book(load_ruleset(ROOT / "rules"))
    assert "## 参数与数据表（rules/params/）" in book
    assert "| `reply_days` |" in book and "行政复议法第二十七条" in book and "（六）2" in book


def test_letter_articles_follow_the_category_table():
    """The letter checker asks for the articles of the category table and keeps no table of its own."""
    import gkrules.letter as letter_package
    from gkrules.letter import articles

    for code in categories.CODES:
        expected = [list(categories.articles(code))] if categories.articles(code) else []
        if code != "partial":
            assert articles.article_groups(code) == expected, code
    secret = list(categories.articles("refused/state_secret"))
    # one item open and one refused: the refused item's article; one item separated: 第三十七条 as well
    assert articles.article_groups("partial", ["open", "refused/state_secret"]) == [secret]
    assert articles.article_groups("partial", ["partial"], ["refused/state_secret"]) == [
        list(categories.articles("partial")),
        secret,
    ]
    for module in Path(letter_package.__file__).parent.glob("*.py"):
        assert "ARTICLES =" not in module.read_text(encoding="utf-8"), module.name


def test_data_file_cache_is_keyed_by_content_and_survives_damage(tmp_path, monkeypatch):
    from gkrules import datafile

    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    src = tmp_path / "periods.yml"
    shutil.copy(ROOT / "rules" / "params" / "periods.yml", src)
    first = params.read_file(src)
    entries = list((tmp_path / "cache").glob("data-*.json"))
    assert len(entries) == 1 and first["reply_days"].on().value == 20
    entries[0].write_text('{"parameters": {"reply_days": "damaged"}}', encoding="utf-8")
    assert params.read_file(src)["reply_days"].on().value == 20  # damaged entry ignored, file read again
    src.write_text(src.read_text(encoding="utf-8").replace("value: 20\n", "value: 21\n", 1), encoding="utf-8")
    assert params.read_file(src)["reply_days"].on().value == 21  # an edited file is a new entry
    monkeypatch.setenv("GKRULES_CACHE", "off")
    assert datafile.cache_dir() is None and params.read_file(src)["reply_days"].on().value == 21


def test_data_file_cache_entry_edited_into_valid_json_is_not_trusted(tmp_path, monkeypatch):
    """A cache entry changed by hand (valid JSON, another value) must not change what the law says."""
    monkeypatch.setenv("GKRULES_CACHE", str(tmp_path / "cache"))
    src = tmp_path / "periods.yml"
    shutil.copy(ROOT / "rules" / "params" / "periods.yml", src)
    assert params.read_file(src)["reply_days"].on().value == 20
    (entry,) = (tmp_path / "cache").glob("data-*.json")
    text = entry.read_text(encoding="utf-8")
    head, _, body = text.partition("\n")
    assert '"value": 20' in body
    entry.write_text(head + "\n" + body.replace('"value": 20', '"value": 30', 1), encoding="utf-8")
    assert params.read_file(src)["reply_days"].on().value == 20
