"""``gkrules case from-letter``: a case file pre-filled from a reply letter, for staff to complete and keep."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import InputError
from ._common import pass_context


@click.group()
def case():
    """案件文件：从答复书生成案件文件。"""


@case.command("from-letter")
@click.argument("letter", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="写入的案件文件（.yml）。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@pass_context
def from_letter(ctx, letter, output, force):
    """从答复书（.docx 或 .txt）生成案件文件，供经办人补充、核对后保存。

    \b
    机关、申请人及其类型、收到日期、申请内容、各项的处理类别、征求意见等程序日期、答复日期
    都从答复书读取，每个值后注明“# 由答复书第N行推断”；答复书不能确定的事项（如该信息是否
    确属国家秘密）列在文件开头。生成的文件按案件文件格式严格校验，gkrules check 对它的检查
    结果与直接检查答复书一致。

    \b
    示例：
      gkrules case from-letter 答复书.docx -o 案件.yml
      gkrules case from-letter cases/letters/ok-refused-third-party.txt -o 案件.yml --force
    """
    from ..caseio import load_case
    from ..check_letter import is_letter
    from ..letter.to_case import case_yaml, letter_case_from_file
    from ._output import ensure_writable, open_output

    if not is_letter(letter):
        raise InputError("应为答复书（.docx 或 .txt）", file=letter)
    out = Path(output)
    if out.suffix.lower() not in (".yml", ".yaml"):
        raise InputError("输出的案件文件应为 .yml 或 .yaml", file=output)
    ensure_writable(output, force, [letter])
    _letter, _parsed, lc = letter_case_from_file(letter, name=out.stem)
    relative = os.path.relpath(Path(letter).resolve(), out.resolve().parent)
    if relative.startswith(os.pardir + os.sep + os.pardir):
        relative = str(Path(letter).resolve())  # far from the case file: the letter's full path
    text = case_yaml(lc, relative, Path(letter).name)
    with open_output(output, force) as handle:
        handle.write(text)
    load_case(output)  # the file written is a valid case file (strict model)
    click.echo(f"已写入 {output}（类别：{lc.case.decision.category if lc.case.decision else '未定'}）", err=True)


COMMANDS = [case]
