"""Findings inside the letter: a copy of the Word document with each finding as a comment.

Each finding becomes one Word comment (python-docx ≥ 1.2), author ``gkrules``, text ``code（severity）：message``,
anchored on the paragraph of the letter line it concerns — on the very words (the ``found`` value) where
they stand whole in one paragraph, otherwise on the whole paragraph. A finding without a line (an element
that is missing) is anchored where that element should stand (:func:`anchor_line`), and a
finding about the header or nothing in particular on the first paragraph with text.

The original file is never written: the copy is built in memory and saved to another path by the caller
(:func:`annotate`). A ``.txt`` letter becomes a ``.docx`` with one paragraph per line, so that the line
numbers of the findings are the paragraphs of the copy.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..findings import Finding
from .read import DELETED, W, BlockLine, block_lines, paragraph_text

AUTHOR = "gkrules"
INITIALS = "GK"
SEVERITY_ZH = {"error": "错误", "warning": "提示"}


def comment_text(finding: Finding) -> str:
    """What the comment says: the code, the severity in Chinese and the message."""
    return f"{finding.code}（{SEVERITY_ZH.get(finding.severity, finding.severity)}）：{finding.message}"


def line_map(document, letter_lines: Sequence[str]) -> list[BlockLine | None]:
    """For each line of the letter as read (1-based index - 1), where it is in ``document``.

    Header lines come first in the reader; a comment cannot stand in a header, so they map to None."""
    body = list(block_lines(document.element.body))  # the body's lines as the reader reads them
    headers = len(letter_lines) - len(body)
    out: list[BlockLine | None] = [None] * max(0, headers)
    out.extend(body[max(0, -headers) :])
    return out


def _runs_of(paragraph) -> list:
    """Every ``w:r`` of a paragraph that shows text (not inside a deletion), in order."""
    runs = []
    for r in paragraph.iter(W + "r"):
        parent = r.getparent()
        deleted = False
        while parent is not None and parent is not paragraph:
            if parent.tag in DELETED:
                deleted = True
                break
            parent = parent.getparent()
        if not deleted and not _is_reference(r):
            runs.append(r)
    return runs


def _is_reference(r) -> bool:
    """The run that holds a comment's mark (added for an earlier finding): no text of the letter."""
    return r.find(W + "commentReference") is not None


def _simple(r) -> bool:
    """A run holding only its properties and one piece of text: it can be cut in two."""
    kids = [k for k in r if isinstance(k.tag, str)]
    texts = [k for k in kids if k.tag == W + "t"]
    others = [k for k in kids if k.tag not in (W + "t", W + "rPr")]
    return len(texts) == 1 and not others


def _split(r, at: int):
    """Cut a simple run after ``at`` characters; returns the second run (inserted after the first)."""
    t = r.find(W + "t")
    text = t.text or ""
    second = copy.deepcopy(r)
    t.text = text[:at]
    second.find(W + "t").text = text[at:]
    for node in (t, second.find(W + "t")):
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.addnext(second)
    return second


def _words(paragraph, start: int, end: int) -> list | None:
    """The runs covering exactly characters ``start``…``end`` of the paragraph's text, cutting runs at
    the ends; None when the paragraph's runs are not plain text runs (fields, tabs, tracked changes)."""
    runs = [r for r in paragraph if isinstance(r.tag, str) and r.tag == W + "r" and not _is_reference(r)]
    if not runs or not all(_simple(r) for r in runs):
        return None
    if "".join(r.find(W + "t").text or "" for r in runs) != paragraph_text(paragraph):
        return None
    pos, chosen = 0, []
    for r in list(runs):
        text = r.find(W + "t").text or ""
        lo, hi = pos, pos + len(text)
        pos = hi
        if hi <= start or lo >= end:
            continue
        if lo < start:
            r = _split(r, start - lo)
            lo = start
        if hi > end:
            _split(r, end - lo)
        chosen.append(r)
    return chosen or None


def _anchor_runs(paragraph, line: BlockLine, found: str | None):
    """Runs to anchor a comment on: the ``found`` words of the line where they stand, else the paragraph."""
    text = paragraph_text(paragraph)
    if found and len(found) >= 2:
        at = text.find(found, line.offset)
        if at < 0:
            at = text.find(found)
        if at >= 0:
            runs = _words(paragraph, at, at + len(found))
            if runs:
                return runs
    runs = _runs_of(paragraph)
    if runs:
        return runs
    # a paragraph without text: give it an empty run to hold the comment
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    paragraph.append(r)
    return [r]


def _first_paragraph(mapping: list[BlockLine | None]):
    for entry in mapping:
        if entry is not None and entry.paragraph is not None and entry.text.strip():
            return entry
    for entry in mapping:
        if entry is not None and entry.paragraph is not None:
            return entry
    return None


def _target(mapping: list[BlockLine | None], line: int | None) -> BlockLine | None:
    """The mapped line for a finding's line: that line, else the nearest line with text before it."""
    if line is not None and 1 <= line <= len(mapping):
        for n in range(line, 0, -1):
            entry = mapping[n - 1]
            if entry is not None and entry.paragraph is not None and (n == line or entry.text.strip()):
                return entry
    return _first_paragraph(mapping)


def anchor_line(finding: Finding, parsed) -> int | None:
    """The letter line a finding is about: its own line; for a missing element the line of the last
    element before it (where it should have been written); None for the letter as a whole."""
    from .parse import ELEMENTS

    if finding.line is not None:
        return finding.line
    if parsed is None or finding.element not in ELEMENTS:
        return None
    before = [parsed.line_of(e) for e in ELEMENTS[: ELEMENTS.index(finding.element)] if parsed.line_of(e)]
    return max(before) if before else None


def text_document(lines: Iterable[str]):
    """A Word document with one paragraph per line of a .txt letter (text kept as written)."""
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    return doc


def annotated(
    source: str | Path,
    letter_lines: Sequence[str],
    placed: Sequence[tuple[Finding, int | None]],
    warnings: list[str] | None = None,
):
    """A python-docx Document: the letter with one comment per finding.

    ``placed``: each finding with the letter line to anchor it on (None: the first paragraph). A .docx that
    python-docx cannot open, or whose paragraphs do not give the letter's lines, is rebuilt from the text
    (one paragraph per line), said in ``warnings``."""
    if warnings is None:
        warnings = []
    from docx import Document
    from docx.text.run import Run

    source = Path(source)
    doc = None
    if source.suffix.lower() == ".docx":
        try:
            doc = Document(io.BytesIO(source.read_bytes()))
        except Exception:  # noqa: BLE001 - any package python-docx cannot open: the text is kept instead
            warnings.append(f"{source}: Word 格式库无法打开此文件的排版，批注副本按答复书的文字逐行重建")
        else:
            mapping = line_map(doc, letter_lines)
            if len(mapping) != len(letter_lines) or any(
                e is not None and e.text != line for e, line in zip(mapping, letter_lines)
            ):
                warnings.append(f"{source}: 未能逐段对应答复书的行，批注副本按答复书的文字逐行重建")
                doc = None
    if doc is None:
        doc = text_document(letter_lines)
    mapping = line_map(doc, letter_lines)
    # anchors first, then comments: cutting runs for one finding must not move another's words
    targets = []
    for finding, line in placed:
        entry = _target(mapping, line)
        targets.append((finding, entry))
    for finding, entry in targets:
        if entry is None:  # an empty document: a paragraph to hold the comments
            doc.add_paragraph("")
            mapping = line_map(doc, letter_lines)
            entry = _first_paragraph(mapping) or BlockLine(doc.paragraphs[-1]._p, 0, "")
        found = finding.found if entry.text and finding.found and finding.found in entry.text else None
        runs = _anchor_runs(entry.paragraph, entry, found)
        paragraph = _paragraph_object(doc, entry.paragraph)
        doc.add_comment([Run(r, paragraph) for r in (runs[0], runs[-1])], comment_text(finding), AUTHOR, INITIALS)
    return doc


def _paragraph_object(doc, p):
    from docx.text.paragraph import Paragraph

    return Paragraph(p, doc._body)


def save(doc, out: str | Path, force: bool) -> None:
    """Write the annotated document whole (``gkrules.atomic_write``: never over an existing file without
    ``force``)."""
    from ..atomic_write import atomic_file

    with atomic_file(out, force, binary=True, what="批注文件") as handle:
        doc.save(handle)


def annotate(
    source: str | Path,
    letter_lines: Sequence[str],
    placed: Sequence[tuple[Finding, int | None]],
    out: str | Path,
    force: bool = False,
    warnings: list[str] | None = None,
) -> int:
    """Write ``out``: the letter ``source`` with one comment per finding; returns the number of comments.
    What could not be kept of the original is appended to ``warnings``."""
    doc = annotated(source, letter_lines, placed, warnings)
    save(doc, out, force)
    return len(placed)
