"""One error tree for everything gkrules reports to a user instead of a traceback.

Every error class of the package is defined here (the modules that raise them re-export them under
their old names). Every error carries a Chinese ``message`` and, where known, the file, line, column
and field it is about, and a did-you-mean ``suggestion`` as data; ``str`` adds the suggestion to the text. The command line prints ``str(error)`` to stderr and exits with ``EXIT_ERROR``.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from typing import Any

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


_OS_ERRORS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EISDIR: "这是目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
    errno.EPERM: "操作不被允许",
    errno.ELOOP: "符号链接层数过多（可能有循环）",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EEXIST: "文件已存在",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "系统打开的文件过多",
    errno.EIO: "输入输出错误（磁盘或设备故障）",
    errno.EPIPE: "输出管道已关闭",
    errno.ENXIO: "设备不存在",
    errno.EBUSY: "设备或资源忙",
    errno.ETXTBSY: "文件正被使用",
    errno.EFBIG: "文件过大",
    errno.EDQUOT: "磁盘配额已用完",
}

_JSON_ERRORS = {
    "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "键名应使用双引号",
    "Extra data": "一行中有多余的内容（每行只能有一个 JSON 对象）",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "含有无效的控制字符",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Invalid \\escape": "无效的转义字符",
}

_TYPE_NAMES = {
    "NoneType": "空值",
    "int": "整数",
    "float": "小数",
    "str": "文本",
    "bool": "布尔值",
    "list": "列表",
    "dict": "映射",
    "date": "日期",
    "datetime": "日期时间",
}


def os_error_text(exc: OSError) -> str:
    """A Chinese description of an operating-system error (the error's symbolic name when it is not a
    common one: never the system's English text)."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    if exc.errno:
        return f"系统错误 {errno.errorcode.get(exc.errno, exc.errno)}"
    return exc.strerror if exc.strerror and not exc.strerror.isascii() else "系统错误"


def json_error_text(msg: str) -> str:
    """A Chinese description of a ``json.JSONDecodeError`` message."""
    return _JSON_ERRORS.get(msg, msg)


def type_name(value: object) -> str:
    """The Chinese name of a value's type, for messages such as ``应为 true 或 false，实为 整数 1``."""
    name = type(value).__name__
    if name in _TYPE_NAMES:
        return _TYPE_NAMES[name]
    for kind, chinese in (
        (bool, "布尔值"),
        (int, "整数"),
        (float, "小数"),
        (str, "文本"),
        (list, "列表"),
        (dict, "映射"),
    ):
        if isinstance(value, kind):
            return chinese
    return "其他类型的值"


def shown(value: object, limit: int = 60) -> str:
    """A value as a message shows it: ``repr`` cut to ``limit`` characters; an integer too long to
    convert (Python refuses more than 4,300 digits) is described instead of raising ``ValueError``."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"（{value.bit_length() * 3 // 10} 位以上的整数）"
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        return f"（无法显示的{type_name(value)}）"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt ``name``, or None when nothing is close."""
    import difflib  # only when a name is misspelt

    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


class GkError(Exception):
    """Base of every error gkrules shows to a user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(GkError):
    """A file that cannot be used: a case, a rule, a profile, a calendar or a letter."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
    ):
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.suggestion = suggestion

    def where(self) -> dict[str, Any]:
        """File, line, column, field and suggestion, to raise the same problem as another error type."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "suggestion": self.suggestion,
        }

    def location(self) -> str:
        parts = [self.file or "<输入>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: "
        if self.field:
            text += f"字段 {self.field}: "
        text += self.message
        if self.suggestion:
            text += f"（是否应为 {self.suggestion}？）"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {**self.where(), "message": self.message}


class CaseError(InputError):
    """A case file that does not follow the case-file contract."""


class CaseErrors(InputError):
    """Several problems in one case file; ``str`` lists them all, one per line."""

    def __init__(self, errors: list[CaseError]):
        super().__init__(errors[0].message, **errors[0].where())
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(CaseError.__str__(e) for e in self.errors)


class RuleFileError(InputError):
    """A rule file (or a facts vocabulary file) that cannot be loaded."""


class NotApplicableError(InputError):
    """The case falls outside every rule in force (e.g. received before 2019-05-15).

    Raised without a file; a caller that knows the case file adds it (``with_file``)."""

    def __init__(self, message: str, **kwargs: Any):
        kwargs.setdefault("field", "received")
        super().__init__(message, **kwargs)

    def with_file(self, file: str, line: int | None = None) -> NotApplicableError:
        self.file = file
        self.line = line
        return self


class UnknownRuleError(GkError):
    """A rule code that names no rule; the closest code, if any, is kept as data in ``suggestion``."""

    def __init__(self, code: str, suggestion: str | None = None):
        super().__init__(f"没有编号为 {code} 的规则")
        self.code = code
        self.suggestion = suggestion

    def __str__(self) -> str:
        if self.suggestion:
            return f"{self.message}（是否应为 {self.suggestion}？）"
        return f"{self.message}；用 gkrules rules list 查看全部规则"


class CalendarError(InputError):
    """A date no holiday arrangement covers, or an unusable calendar directory."""


class HolidayFileError(InputError):
    """A holiday-arrangement file that cannot be used."""


class HolidayFileErrors(HolidayFileError):
    """Several errors at once (all those of a file, or of a directory); one line each."""

    def __init__(self, errors: list[HolidayFileError]):
        super().__init__(errors[0].message, **errors[0].where())
        self.errors = errors

    def __str__(self) -> str:
        head = f"节假日安排文件有 {len(self.errors)} 处错误：\n" if len(self.errors) > 1 else ""
        return head + "\n".join(str(e) for e in self.errors)


class LetterError(InputError):
    """A letter file that cannot be read."""


class ProfileError(InputError):
    """A profile file that cannot be used."""


class EngineError(GkError):
    """The rules engine failed or disagreed with itself; this is a defect, not bad input."""
