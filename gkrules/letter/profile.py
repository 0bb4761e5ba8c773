"""Agency profiles: an agency's own variant of the standard reply template (letter-template.md).

A profile names the 文号 prefix and the numbering forms it tolerates, extra title wordings, the
review body (行政复议机关) and its address, and the severity of each letter check (``error``,
``warning`` or ``off``). ``profiles/default.yml`` applies the template strictly. Profile files are
validated strictly: unknown keys and bad values are errors with file, line and field.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..caseio import validate_model
from ..errors import ProfileError, suggest  # ProfileError re-exported

#: numbering forms an agency may tolerate besides 〔YYYY〕N号
TOLERABLE = ("round-brackets", "square-brackets", "di", "leading-zero")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DocNumberRules(_Strict):
    required: bool = True
    prefix: str | None = None
    # a default list, not a factory: pydantic copies it for each profile, and a default_factory of a builtin
    # makes pydantic read the builtin's signature, which compiles the tokenizer's regular expressions
    tolerate: list[Literal["round-brackets", "square-brackets", "di", "leading-zero"]] = []


class TitleRules(_Strict):
    wordings: list[str] = []  # extra accepted endings, e.g. 政府信息公开申请处理决定书
    agency_name: Literal["required", "optional"] = "required"


class RemedyRules(_Strict):
    review_body: str | None = None
    review_address: str | None = None


class Profile(_Strict):
    name: str = Field(min_length=1)
    description: str | None = None
    agency: str | None = None
    doc_number: DocNumberRules = Field(default_factory=DocNumberRules)
    title: TitleRules = Field(default_factory=TitleRules)
    remedy: RemedyRules = Field(default_factory=RemedyRules)
    severity: dict[str, Literal["error", "warning", "off"]] = Field(default_factory=dict)

    path: str = Field(default="", exclude=True)

    def tolerates(self, form: str) -> bool:
        return form in self.doc_number.tolerate


DEFAULT = Profile(name="default", description="按 letter-template.md 严格检查")


def default_path() -> Path:
    env = os.environ.get("GKRULES_PROFILE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent.parent / "profiles" / "default.yml"


_LOADED: dict[tuple, Profile] = {}


def load_profile(path: str | Path | None = None, codes: list[str] | None = None) -> Profile:
    """Load a profile; ``None`` loads ``profiles/default.yml`` (or the built-in strict default).

    ``codes``: the finding rule codes a ``severity`` key may name (unknown codes are errors).
    A file is read once per process while it is unchanged (same size and modification time).
    """
    if path is None:
        path = default_path()
        if not path.is_file():
            return DEFAULT
    path = Path(path)
    if not path.is_file():
        raise ProfileError("找不到配置文件（--profile）", file=str(path))
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, tuple(codes) if codes is not None else None)
    if key not in _LOADED:
        _LOADED[key] = _read_profile(path, codes)
    return _LOADED[key]


def _read_profile(path: Path, codes: list[str] | None) -> Profile:
    """The profile file, its YAML read once per content (``datafile``: a problem is reported with its line)."""
    from .. import datafile
    from ..yamlio import MAX_YAML_BYTES, load_file

    if path.stat().st_size > MAX_YAML_BYTES:  # refused by the YAML reader, with its message
        return _build(*load_file(path), path, codes)
    return datafile.load(path, lambda data, positions: _build(data, positions, path, codes))


def _build(data, positions, path: Path, codes: list[str] | None) -> Profile:
    profile = validate_model(
        data,
        positions,
        path,
        Profile,
        ProfileError,
        "配置文件的顶层应为映射（name、doc_number、title、remedy、severity）",
    )
    if codes is not None:
        for code in profile.severity:
            if code not in codes:
                line, col = positions.find(("severity", code))
                raise ProfileError(
                    f"severity 中的规则编号 {code} 不是答复书或期限检查规则",
                    file=str(path),
                    line=line,
                    column=col,
                    field=f"severity.{code}",
                    suggestion=suggest(code, codes),
                )
    return profile.model_copy(update={"path": str(path)})


def letter_codes(ruleset) -> list[str]:
    """The codes a profile's ``severity`` may name: the letter and deadline finding rules."""
    return [r.code for r in (*ruleset.scope("letter"), *ruleset.scope("deadline"))]
