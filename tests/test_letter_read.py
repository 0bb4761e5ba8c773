"""Reading letters: UTF-8 and GBK text, .docx with headers, tables and tracked changes, refused
formats, size limits and zip-bomb guards; the text is never normalised."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from gkrules.letter import read as R
from gkrules.letter.read import LetterError, read_letter

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "letters"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def make_docx(path: Path, body: str, header: str | None = None, extra: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("word/document.xml", f"<w:document {W_NS}><w:body>{body}</w:body></w:document>")
        if header is not None:
            zf.writestr("word/header1.xml", f"<w:hdr {W_NS}>{header}</w:hdr>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_utf8_text_keeps_brackets_unnormalised(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("鼓审公开［2020］３号\n２０２０年５月２８日\n", encoding="utf-8")
    letter = read_letter(f)
    assert letter.lines[0] == "鼓审公开［2020］３号"  # NFKC would give [2020]3号
    assert letter.lines[1] == "２０２０年５月２８日"
    assert letter.encoding == "utf-8" and letter.warnings == []


def test_utf8_bom_and_crlf(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("\ufeff标题\r\n张某：\r\n".encode("utf-8"))
    assert read_letter(f).lines[:2] == ["标题", "张某："]


def test_gbk_detected_with_warning(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("福州市鼓楼区审计局政府信息公开申请答复书\n鼓审公开〔2020〕3号\n".encode("gbk"))
    letter = read_letter(f)
    assert letter.lines[1] == "鼓审公开〔2020〕3号"
    assert letter.encoding == "gb18030"
    assert any("GBK" in w for w in letter.warnings)


def test_committed_gbk_letter():
    path = Path(__file__).resolve().parent.parent / "cases" / "letters" / "ok-open-gbk.txt"
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert read_letter(path).lines[0].endswith("答复书")


def test_binary_text_refused(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("标题".encode("utf-16"))
    with pytest.raises(LetterError, match="UTF-8"):
        read_letter(f)


@pytest.mark.parametrize("suffix,word", [(".doc", ".doc"), (".wps", ".wps"), (".pdf", "PDF")])
def test_old_formats_refused_with_conversion_advice(tmp_path, suffix, word):
    f = tmp_path / f"letter{suffix}"
    f.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(LetterError) as err:
        read_letter(f)
    text = str(err.value)
    assert word in text and "另存为" in text and "libreoffice --headless --convert-to docx" in text
    assert str(f) in text


def test_unknown_suffix_refused(tmp_path):
    f = tmp_path / "letter.html"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(LetterError, match=".html"):
        read_letter(f)


def test_missing_file(tmp_path):
    with pytest.raises(LetterError, match="找不到"):
        read_letter(tmp_path / "none.txt")


def test_oversized_text_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_TXT_BYTES", 100)
    f = tmp_path / "a.txt"
    f.write_text("字" * 100, encoding="utf-8")
    with pytest.raises(LetterError, match="过大"):
        read_letter(f)


def test_docx_paragraphs_header_and_table(tmp_path):
    body = (
        p("福州市鼓楼区审计局政府信息公开申请答复书")
        + "<w:tbl><w:tr><w:tc>"
        + p("申请人")
        + "</w:tc><w:tc>"
        + p("张某")
        + "</w:tc></w:tr></w:tbl>"
        + p("福州市鼓楼区审计局")
    )
    f = make_docx(tmp_path / "a.docx", body, header=p("鼓审公开〔2020〕3号"))
    assert read_letter(f).lines == [
        "鼓审公开〔2020〕3号",
        "福州市鼓楼区审计局政府信息公开申请答复书",
        "申请人\t张某",
        "福州市鼓楼区审计局",
    ]


def test_docx_tracked_changes_give_the_final_text(tmp_path):
    body = (
        "<w:p><w:r><w:t>鼓审公开</w:t></w:r>"
        '<w:del w:id="1" w:author="a"><w:r><w:delText>[2020]</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>〔2020〕</w:t></w:r></w:ins>'
        "<w:r><w:t>3号</w:t></w:r></w:p>"
    )
    f = make_docx(tmp_path / "a.docx", body)
    assert read_letter(f).lines == ["鼓审公开〔2020〕3号"]


def test_committed_docx_fixture():
    letter = read_letter(FIXTURES / "tracked-changes.docx")
    assert "鼓审公开〔2020〕3号" in letter.lines
    assert not any("[2020]" in line for line in letter.lines)


def test_not_a_zip_refused(tmp_path):
    f = tmp_path / "a.docx"
    f.write_bytes(b"\xd0\xcf\x11\xe0 old word file renamed")
    with pytest.raises(LetterError, match="不是有效的 .docx"):
        read_letter(f)


def test_high_ratio_alone_is_not_a_bomb(tmp_path):
    # 5 MiB of zeros compress about 1000:1; what counts is what the file expands to (far below the cap)
    f = make_docx(tmp_path / "a.docx", p("x"), extra={"word/media/blank.bin": b"\0" * (5 * 1024 * 1024)})
    assert read_letter(f).lines == ["x"]


def test_part_expanding_past_the_cap_is_stopped(tmp_path, monkeypatch):
    # the cap holds while a part is expanded, whatever its entry declares
    monkeypatch.setattr(R, "MAX_UNCOMPRESSED", 4000)
    f = make_docx(tmp_path / "a.docx", p("字" * 400) * 5)
    with zipfile.ZipFile(f) as zf:
        assert sum(i.file_size for i in zf.infolist()) > 4000
    monkeypatch.setattr(R, "_guard_zip", lambda zf, name: None)  # as if the entry under-declared its size
    with pytest.raises(LetterError, match="超过 4000 字节"):
        read_letter(f)


def test_zip_total_size_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_UNCOMPRESSED", 1000)
    f = make_docx(tmp_path / "a.docx", p("字" * 500))
    with pytest.raises(LetterError, match="解压后过大"):
        read_letter(f)


def test_zip_entry_count_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "MAX_ENTRIES", 5)
    f = make_docx(tmp_path / "a.docx", p("x"), extra={f"word/media/{i}.txt": "x" for i in range(10)})
    with pytest.raises(LetterError, match="条目过多"):
        read_letter(f)


def test_docx_without_document_refused(tmp_path):
    f = tmp_path / "a.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("hello.txt", "x")
    with pytest.raises(LetterError, match="document.xml"):
        read_letter(f)


def test_docx_with_entity_declarations_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    f = tmp_path / "a.docx"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("word/document.xml", bomb)
    with pytest.raises(LetterError, match="DTD"):
        read_letter(f)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CHARS = st.sampled_from(list("福州市鼓楼区审计局答复书〔〕［］[]（）()【】第号年月日，。：0123456789０１２３ 　"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.text(_CHARS, max_size=30), min_size=1, max_size=6), st.sampled_from(["utf-8", "gbk"]))
def test_text_round_trips_exactly(examples_dir, lines, encoding):
    f = examples_dir / "round-trip.txt"
    f.write_bytes("\n".join(lines).encode(encoding))
    letter = read_letter(f)
    assert letter.lines == "\n".join(lines).split("\n")


def test_docx_header_lines_and_table_rows_are_marked(tmp_path):
    body = (
        p("德化县农业农村局政府信息公开申请答复书")
        + "<w:tbl><w:tr><w:tc>"
        + p("申请人")
        + "</w:tc><w:tc>"
        + p("林某某")
        + "</w:tc></w:tr><w:tr><w:tc>"
        + p("申请方式")
        + "</w:tc><w:tc>"
        + p("信函")
        + "</w:tc></w:tr></w:tbl>"
        + p("林某某：")
    )
    letter = read_letter(make_docx(tmp_path / "a.docx", body, header=p("德化县农业农村局")))
    assert letter.lines[0] == "德化县农业农村局" and letter.margin == frozenset({1})
    assert letter.table_rows == frozenset({3, 4})
    assert letter.lines[4] == "林某某："
    plain = tmp_path / "a.txt"
    plain.write_text("某局政府信息公开申请答复书\n张某：\n", encoding="utf-8")
    assert read_letter(plain).margin == frozenset() and read_letter(plain).table_rows == frozenset()


def test_docx_leading_table_is_the_opening_read_cell_by_cell(tmp_path):
    """A 红头 laid out in a table before any text: its cells are the title and the 文号, one line each, not a
    form's row."""
    body = (
        "<w:tbl><w:tr><w:tc>"
        + p("厦门市思明区住房和建设局政府信息公开申请答复书")
        + "</w:tc></w:tr><w:tr><w:tc>"
        + p("厦思建信复［2024］16号")
        + "</w:tc></w:tr></w:tbl>"
        + p("陈某某：")
    )
    letter = read_letter(make_docx(tmp_path / "a.docx", body))
    assert letter.lines == ["厦门市思明区住房和建设局政府信息公开申请答复书", "厦思建信复［2024］16号", "陈某某："]
    assert not letter.table_rows


NUMBERING = (
    f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
    "</w:lvlOverride></w:num></w:numbering>"
)


def numbered(text: str, num_id: int) -> str:
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
    )


def test_docx_automatic_numbering_is_read_as_shown(tmp_path):
    """Word's numbering is no part of the paragraph's text but is what the reader sees: 一、 二、 and 1. 2.,
    a list restarted by its own w:num counting from 1 again."""
    body = numbered("甲", 1) + numbered("乙", 1) + numbered("丙", 2) + numbered("丁", 2) + numbered("戊", 3) + p("己")
    letter = read_letter(make_docx(tmp_path / "a.docx", body, extra={"word/numbering.xml": NUMBERING}))
    assert letter.lines == ["一、甲", "二、乙", "1.丙", "2.丁", "1.戊", "己"]


STYLES = (
    f'<w:styles {W_NS}><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>'
)


def styled(text: str, style: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def test_docx_numbering_by_paragraph_style_is_read_as_shown(tmp_path):
    """A paragraph numbered by its style (List Number), not by a w:numPr of its own, shows its number too; a
    style without numbering adds none, and a letter whose styles number nothing reads as written."""
    extra = {"word/numbering.xml": NUMBERING, "word/styles.xml": STYLES}
    body = styled("甲", "ListNumber") + styled("乙", "Heading1") + styled("丙", "ListNumber") + p("丁")
    letter = read_letter(make_docx(tmp_path / "a.docx", body, extra=extra))
    assert letter.lines == ["1.甲", "乙", "2.丙", "丁"]
    plain = styled("甲", "Heading1") + styled("乙", "Normal")
    letter = read_letter(make_docx(tmp_path / "b.docx", plain, extra=extra))
    assert letter.lines == ["甲", "乙"]
