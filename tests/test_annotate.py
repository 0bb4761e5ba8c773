"""``check LETTER --annotate OUT.docx``: the findings as Word comments in a copy of the letter.

Reopened with python-docx: as many comments as findings, each by ``gkrules`` with the code, severity and
message, anchored in the paragraph of the finding's line (the words themselves where they stand whole in
it); a letter without findings gives a copy without comments; the original is never modified; the output
may not be the input and an existing output needs ``--force``. LibreOffice opens the copy (when installed).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from clirun import gkrules as run_gkrules

from gkrules.check_letter import check_letter
from gkrules.classify import classifier
from gkrules.letter.annotate import AUTHOR, anchor_line, annotate
from gkrules.letter.read import read_letter

ROOT = Path(__file__).resolve().parent.parent
EVALUATOR = classifier(str(ROOT / "rules")).evaluator
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LETTERS = [
    ROOT / "cases" / "letters" / "bad-doc-number.txt",
    ROOT / "cases" / "letters" / "bad-reasons-missing.txt",
    ROOT / "tests" / "letters" / "d-docx-docno-square-brackets.docx",
    ROOT / "tests" / "letters" / "d-docx-remedy-direct-suit-2024.docx",
    ROOT / "tests" / "letters" / "d-receipt-missing.txt",
    ROOT / "tests" / "letters" / "d-signature-office.txt",
]
CLEAN = ROOT / "tests" / "letters" / "c50-open-docx-education-2020.docx"


def gkrules(*args: str) -> subprocess.CompletedProcess:
    return run_gkrules(*args, cwd=ROOT)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _anchors(path: Path) -> dict[int, str]:
    """Comment id → the text of the paragraph its range starts in, and the text it covers."""
    doc = docx.Document(str(path))
    out = {}
    for start in doc.element.body.iter(W + "commentRangeStart"):
        out[int(start.get(W + "id"))] = "".join(t.text or "" for t in start.getparent().iter(W + "t"))
    return out


def _covered(path: Path) -> dict[int, str]:
    """Comment id → the text between its range start and end (in one paragraph)."""
    doc = docx.Document(str(path))
    out = {}
    for start in doc.element.body.iter(W + "commentRangeStart"):
        cid, text, node = start.get(W + "id"), [], start.getnext()
        while node is not None and not (node.tag == W + "commentRangeEnd" and node.get(W + "id") == cid):
            text.extend(t.text or "" for t in node.iter(W + "t"))
            node = node.getnext()
        out[int(cid)] = "".join(text)
    return out


@pytest.mark.parametrize("letter", LETTERS, ids=lambda p: p.name)
def test_one_comment_per_finding_at_its_paragraph(tmp_path, letter):
    before = _digest(letter)
    checked = check_letter(letter, evaluator=EVALUATOR)
    findings = checked.findings
    assert findings, "the letter has defects"
    lines = read_letter(letter).lines
    placed = [(f, anchor_line(f, checked.result.parsed)) for f in findings]
    out = tmp_path / "审查.docx"
    assert annotate(letter, lines, placed, out) == len(findings)
    assert _digest(letter) == before  # the original is not modified
    doc = docx.Document(str(out))
    comments = list(doc.comments)
    assert len(comments) == len(findings)
    anchors = _anchors(out)
    for comment, (finding, line) in zip(comments, placed):
        assert comment.author == AUTHOR
        assert comment.text.startswith(finding.code) and finding.message in comment.text
        assert ("错误" if finding.severity == "error" else "提示") in comment.text
        paragraph = anchors[comment.comment_id]
        if line is not None:
            # the paragraph holding the letter's line (a .docx paragraph may hold several lines)
            assert lines[line - 1].strip() in paragraph, (finding.code, line, paragraph)
        else:
            assert paragraph.strip() == next(t for t in lines if t.strip()).strip()


def test_comment_covers_the_words_found(tmp_path):
    letter = ROOT / "cases" / "letters" / "bad-doc-number.txt"
    out = tmp_path / "审查.docx"
    result = gkrules("check", str(letter), "--annotate", str(out))
    assert result.returncode == 1, result.stderr
    covered = _covered(out)
    assert covered and all(text == "鼓审公开[2020]第03号" for text in covered.values())


def test_missing_element_is_anchored_where_it_belongs(tmp_path):
    letter = ROOT / "tests" / "letters" / "d-receipt-missing.txt"
    checked = check_letter(letter, evaluator=EVALUATOR)
    receipt = [f for f in checked.findings if f.element == "receipt" and f.line is None]
    assert receipt
    line = anchor_line(receipt[0], checked.result.parsed)
    # after the salutation, the element before the receipt sentence
    assert line == checked.result.parsed.line_of("salutation")


def test_letter_without_findings_gives_a_copy_without_comments(tmp_path):
    checked = check_letter(CLEAN, evaluator=EVALUATOR)
    assert checked.findings == ()
    out = tmp_path / "审查.docx"
    result = gkrules("check", str(CLEAN), "--annotate", str(out))
    assert result.returncode == 0, result.stderr
    doc = docx.Document(str(out))
    assert len(list(doc.comments)) == 0
    assert [p.text for p in doc.paragraphs] == [p.text for p in docx.Document(str(CLEAN)).paragraphs]


def test_txt_letter_becomes_docx_with_one_paragraph_per_line(tmp_path):
    letter = ROOT / "cases" / "letters" / "bad-reasons-missing.txt"
    out = tmp_path / "审查.docx"
    result = gkrules("check", str(letter), "--annotate", str(out))
    assert result.returncode == 1
    text = letter.read_text(encoding="utf-8").split("\n")
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert paragraphs == text


def test_output_must_not_be_the_input_and_needs_force(tmp_path):
    letter = tmp_path / "答复书.docx"
    shutil.copy(ROOT / "tests" / "letters" / "d-docx-docno-square-brackets.docx", letter)
    before = _digest(letter)
    result = gkrules("check", str(letter), "--annotate", str(letter), "--force")
    assert result.returncode == 2 and "输出文件与输入文件相同" in result.stderr
    assert _digest(letter) == before
    out = tmp_path / "审查.docx"
    out.write_bytes(b"old")
    result = gkrules("check", str(letter), "--annotate", str(out))
    assert result.returncode == 2 and "--force" in result.stderr and out.read_bytes() == b"old"
    result = gkrules("check", str(letter), "--annotate", str(out), "--force")
    assert result.returncode == 1 and len(list(docx.Document(str(out)).comments)) >= 1
    assert "Traceback" not in result.stderr
    result = gkrules("check", str(letter), "--annotate", str(tmp_path / "审查.txt"))
    assert result.returncode == 2 and ".docx" in result.stderr


def test_case_file_with_letter_can_be_annotated(tmp_path):
    out = tmp_path / "审查.docx"
    result = gkrules("check", str(ROOT / "cases" / "letters" / "bad-salutation.yml"), "--annotate", str(out))
    assert result.returncode == 1, result.stderr
    comments = list(docx.Document(str(out)).comments)
    assert [c.text.split("（")[0] for c in comments] == ["GK-L-012"]


def test_libreoffice_opens_the_annotated_copy(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "未安装 LibreOffice（soffice 不在 PATH 上；Debian 的 libreoffice-writer-nogui 提供）：跳过打开批注副本的检查"
        )
    copies = []
    for letter in (LETTERS[0], LETTERS[3]):  # a .txt made .docx, and a Word letter with its own formatting
        out = tmp_path / f"{letter.stem}-审查.docx"
        gkrules("check", str(letter), "--annotate", str(out))
        assert len(list(docx.Document(str(out)).comments)) >= 1
        copies.append(out)
    # one LibreOffice start converts both copies; each must come out as a PDF
    result = subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, copies)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    for out in copies:
        pdf = out.with_suffix(".pdf")
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), (pdf, result.stdout, result.stderr)


def test_headers_tables_and_line_breaks_keep_their_paragraphs(tmp_path):
    source = ROOT / "cases" / "letters" / "bad-doc-number.txt"
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "政务公开专用"  # the reader's first line, which no comment can hold
    doc.add_paragraph(lines[0])
    doc.add_paragraph(lines[1])
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = lines[2]
    body = doc.add_paragraph(lines[3])
    body.add_run().add_break()
    body.add_run(lines[4])  # two lines of the letter in one paragraph
    for line in lines[5:]:
        doc.add_paragraph(line)
    letter = tmp_path / "答复书.docx"
    doc.save(str(letter))
    read = read_letter(letter).lines
    assert read[0] == "政务公开专用" and read[1:] == lines
    checked = check_letter(letter, evaluator=EVALUATOR)
    placed = [(f, anchor_line(f, checked.result.parsed)) for f in checked.findings]
    out = tmp_path / "审查.docx"
    annotate(letter, read, placed, out)
    anchors = _anchors(out)
    comments = list(docx.Document(str(out)).comments)
    assert len(comments) == len(placed) and placed
    for comment, (_finding, line) in zip(comments, placed):
        if line is not None and line > 1:
            assert read[line - 1].strip() in anchors[comment.comment_id]
    # the 文号 (line 3 as read: under the header line) is the words its comments cover
    covered = _covered(out)
    on_number = [c.comment_id for c in comments if c.text.split("（")[0] in ("GK-L-005", "GK-L-006", "GK-L-007")]
    assert on_number and {covered[i] for i in on_number} == {"鼓审公开[2020]第03号"}


def test_a_docx_python_docx_cannot_open_is_rebuilt_from_its_text(tmp_path):
    letter = ROOT / "tests" / "fixtures" / "letters" / "tracked-changes.docx"
    out = tmp_path / "审查.docx"
    result = gkrules("check", str(letter), "--annotate", str(out))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert "逐行重建" in result.stderr
    findings = check_letter(letter, evaluator=EVALUATOR).findings
    assert len(list(docx.Document(str(out)).comments)) == len(findings)
    assert [p.text for p in docx.Document(str(out)).paragraphs] == read_letter(letter).lines
