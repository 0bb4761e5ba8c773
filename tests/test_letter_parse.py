"""Parsing: Chinese numerals, dates, 文号, citations with the law they belong to, element location."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkrules.letter.parse import (
    cite_form,
    cn_to_int,
    cn_year,
    int_to_cn,
    parse_citations,
    parse_date,
    parse_doc_number,
    parse_letter,
)


@pytest.mark.parametrize(
    "text,value",
    [
        ("十", 10),
        ("十五", 15),
        ("二十一", 21),
        ("三十六", 36),
        ("一百零五", 105),
        ("二〇二〇", 2020),
        ("二零一九", 2019),
        ("36", 36),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999))
def test_int_to_cn_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=_dt.date(2000, 1, 1), max_value=_dt.date(2099, 12, 31)))
def test_dates_in_both_styles(day):
    arabic = parse_date(f"{day.year}年{day.month}月{day.day}日")
    assert arabic.date == day and arabic.well_formed
    chinese = parse_date(f"{cn_year(day.year)}年{int_to_cn(day.month)}月{int_to_cn(day.day)}日")
    assert chinese.date == day and chinese.style == "chinese" and not chinese.well_formed


@pytest.mark.parametrize(
    "raw,style,leading",
    [
        ("2020年05月28日", "arabic", True),
        ("二〇二〇年5月28日", "mixed", False),
        ("2020-05-28", "other", False),
        ("2020.5.28", "other", False),
    ],
)
def test_defective_dates(raw, style, leading):
    d = parse_date(raw)
    assert d.date == _dt.date(2020, 5, 28) and d.style == style and d.leading_zero == leading and not d.well_formed


@pytest.mark.parametrize(
    "raw,prefix,bracket,year,di,number",
    [
        ("鼓审公开〔2020〕3号", "鼓审公开", "〔〕", 2020, False, 3),
        ("鼓审公开[2020]3号", "鼓审公开", "[]", 2020, False, 3),
        ("鼓审公开［2020］3号", "鼓审公开", "［］", 2020, False, 3),
        ("鼓审公开（2020）第5号", "鼓审公开", "（）", 2020, True, 5),
        ("鼓审公开〔20〕05号", "鼓审公开", "〔〕", 2020, False, 5),
        ("〔2021〕12号", "", "〔〕", 2021, False, 12),
    ],
)
def test_doc_numbers(raw, prefix, bracket, year, di, number):
    dn = parse_doc_number(raw)
    assert (dn.prefix, dn.bracket, dn.year, dn.di, dn.number) == (prefix, bracket, year, di, number)


def test_not_a_doc_number():
    assert parse_doc_number("张某：") is None
    assert parse_doc_number("本机关于2020年5月6日收到您的申请") is None


def test_citations_belong_to_their_law():
    cites = parse_citations(
        "根据《中华人民共和国政府信息公开条例》第三十七条、第十五条和《中华人民共和国审计法》第八条的规定，"
        "及《中华人民共和国政府信息公开条例》第三十六条第（二）项、第十六条第二款"
    )
    got = [(c.of_regulation, c.article, c.para, c.item) for c in cites]
    assert got == [
        (True, 37, None, None),
        (True, 15, None, None),
        (False, 8, None, None),
        (True, 36, None, 2),
        (True, 16, 2, None),
    ]


def test_arabic_citation_flagged():
    (c,) = parse_citations("《中华人民共和国政府信息公开条例》第36条第（2）项")
    assert (c.article, c.item, c.arabic) == (36, 2, True)


def test_cite_form():
    assert cite_form(36, item=5) == "第三十六条第（五）项"
    assert cite_form(16, 2) == "第十六条第二款"


def test_elements_located_in_order():
    text = """福州市鼓楼区审计局政府信息公开申请答复书
鼓审公开〔2020〕3号
张某：
    本机关于2020年5月6日收到您提交的政府信息公开申请，您申请公开“某报告”。
    经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，予以公开。
    如对本答复不服，可以自收到本答复之日起60日内向福州市鼓楼区人民政府申请行政复议。
福州市鼓楼区审计局
2020年5月28日"""
    p = parse_letter(text.split("\n"))
    lines = {
        e: p.line_of(e)
        for e in ("title", "doc_number", "salutation", "receipt", "request", "remedy", "signature", "date")
    }
    assert lines == {
        "title": 1,
        "doc_number": 2,
        "salutation": 3,
        "receipt": 4,
        "request": 4,
        "remedy": 6,
        "signature": 7,
        "date": 8,
    }
    assert p.receipt_date.date == _dt.date(2020, 5, 6) and p.letter_date.date == _dt.date(2020, 5, 28)


def test_remedy_sentence_is_not_the_receipt():
    text = "标题答复书\n张某：\n    可以自收到本答复之日起60日内申请行政复议。\n某局\n2020年5月28日"
    assert parse_letter(text.split("\n")).line_of("receipt") is None


def test_citation_variants():
    cites = parse_citations("依据《中华人民共和国政府信息公开条例》（国务院令第711号）第三十六条第二项之规定")
    assert [(c.of_regulation, c.article, c.item) for c in cites] == [(True, 36, 2)]


def test_receipt_variant_wording():
    text = "某局政府信息公开告知书\n贵公司：\n    贵公司于2020年5月6日提交的政府信息公开申请本局已收悉。\n某局\n2020年5月28日"
    p = parse_letter(text.split("\n"))
    assert p.line_of("receipt") == 3 and p.receipt_date.date == _dt.date(2020, 5, 6)


def test_two_line_title_and_one_line_signature_with_date():
    text = "福州市鼓楼区审计局\n政府信息公开申请答复书\n鼓审公开〔2020〕3号\n张某：\n    本机关于2020年5月6日收到您提交的政府信息公开申请。\n福州市鼓楼区审计局　2020年5月28日"
    p = parse_letter(text.split("\n"))
    assert p.elements["title"].text == "福州市鼓楼区审计局政府信息公开申请答复书"
    assert p.line_of("doc_number") == 3
    assert p.elements["signature"].text == "福州市鼓楼区审计局" and p.line_of("date") == 6
    assert p.letter_date.date == _dt.date(2020, 5, 28)


def test_page_header_is_never_part_of_the_title():
    lines = [
        "泉州市丰泽区卫生健康局",
        "泉州市丰泽区卫生健康局政府信息公开申请答复书",
        "泉丰卫健公开〔2024〕11号",
        "郑某某：",
    ]
    p = parse_letter(lines, margin={1})
    assert p.elements["title"].text == "泉州市丰泽区卫生健康局政府信息公开申请答复书"
    assert p.line_of("title") == 2 and p.line_of("doc_number") == 3 and p.line_of("salutation") == 4
    # the same lines without the header mark: the short first line is read as the agency's name of a two-line title
    assert parse_letter(lines).elements["title"].text.startswith("泉州市丰泽区卫生健康局泉州市")


def test_page_header_is_not_a_missing_title():
    lines = ["漳州市龙文区人力资源和社会保障局政府信息公开申请答复书", "漳龙人社公开〔2024〕4号", "黄某某："]
    p = parse_letter(lines, margin={1})
    assert "title" not in p.elements and p.line_of("doc_number") == 2 and p.line_of("salutation") == 3


def test_doc_number_in_the_page_header_only_when_the_letter_has_none():
    p = parse_letter(["鼓审公开〔2020〕3号", "福州市鼓楼区审计局政府信息公开申请答复书", "张某："], margin={1})
    assert p.line_of("doc_number") == 1 and p.doc_number.number == 3
    p = parse_letter(["鼓审公开〔2020〕9号", "某局政府信息公开申请答复书", "鼓审公开〔2020〕3号", "张某："], margin={1})
    assert p.line_of("doc_number") == 3 and p.doc_number.number == 3


def test_table_rows_between_doc_number_and_salutation():
    lines = [
        "德化县农业农村局政府信息公开申请答复书",
        "德农公开〔2024〕6号",
        "申请人\t林某某",
        "申请日期\t2024年3月11日",
        "申请方式\t信函",
        "申请内容\t2023年度补贴发放标准",
        "林某某：",
        "    本机关于2024年3月13日签收您以信函方式提交的政府信息公开申请。",
    ]
    p = parse_letter(lines, table_rows={3, 4, 5, 6})
    assert p.line_of("salutation") == 7 and p.line_of("receipt") == 8
    assert "salutation" not in parse_letter(lines).elements  # four rows push it out of the head's lines


def test_request_restated_as_a_numbered_list():
    text = "某镇政府信息公开申请答复书\n张某：\n    本机关于2024年4月15日收到您提交的政府信息公开申请。您申请公开的内容为：1.甲报告；2.乙情况。\n某镇\n2024年4月30日"
    p = parse_letter(text.split("\n"))
    assert p.line_of("request") == 3


def test_provision_dated_before_the_application_is_an_earlier_reply():
    from gkrules.letter.meaning import decisions

    said = [(5, "经查，本办已于2022年6月24日以邮寄方式向您提供了该汇总表。")]
    assert [d.group for d in decisions(said, _dt.date(2022, 8, 1))] == []
    # the same words dated on or after the receipt give the information now
    assert [d.group for d in decisions(said, _dt.date(2022, 6, 20))] == ["open"]
    now = [(5, "本机关已于2024年3月20日通过电子邮件向您提供该信息。")]
    assert [d.group for d in decisions(now, _dt.date(2024, 3, 1))] == ["open"]


def test_notice_sent_and_earlier_reply_decide_nothing():
    from gkrules.letter.meaning import decisions

    sent = [(5, "本局于2022年6月9日向您寄送《政府信息公开申请补正通知书》，请您补正。")]
    assert decisions(sent) == ()
    told = [(5, "您曾于2023年3月6日申请同一信息，本局已作出答复，并以邮寄方式向您提供了该方案。")]
    assert decisions(told) == ()
    this_letter = [(5, "现将该信息随本告知书一并提供。")]
    assert [d.group for d in decisions(this_letter)] == ["open"]
    decided = [(5, "本机关决定向您公开，并将该计划表发送至您的电子邮箱。")]
    assert "open" in {d.group for d in decisions(decided)}


def test_contacts_copy_line_and_page_number_after_the_date_are_not_the_close():
    from gkrules.letter.parse import parse_letter

    lines = [
        "某县审计局政府信息公开申请答复书",
        "王先生：",
        "    本机关于2024年3月1日收到您的申请。",
        "某县审计局",
        "2024年3月20日",
        "联系人：李某",
        "联系电话：0591-00000000",
        "抄送：某县人民政府办公室",
        "— 1 —",
    ]
    parsed = parse_letter(lines)
    assert parsed.elements["signature"].text == "某县审计局"
    assert parsed.letter_date is not None and parsed.letter_date.date.isoformat() == "2024-03-20"


def test_text_copied_out_of_a_pdf_reads_as_it_reads():
    """Spaced title characters are the title; page numbers and a repeated page header are dropped; a sentence
    broken at a line's end (even inside 《…》) is one sentence, on the line where it starts."""
    from gkrules.letter.parse import parse_letter

    lines = [
        "福 建 省 交 通 运 输 厅",
        "政府信息公开申请答复书",
        "闽交信复〔2024〕21号",
        "林某某：",
        "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，予以公开，现随本答复书提供《中",
        "— 1 —",
        "福建省交通运输厅",
        "华人民共和国公路法》文本。",
        "福建省交通运输厅",
        "2024年4月26日",
    ]
    parsed = parse_letter(lines)
    assert parsed.elements["title"].text == "福建省交通运输厅政府信息公开申请答复书"
    assert parsed.body == ((5, lines[4] + lines[7]),)
    assert parsed.elements["signature"].line == 9
