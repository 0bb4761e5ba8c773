"""``gkrules gen``: random but realistic cases as JSONL, for benchmarks and trials of ``gkrules audit``."""

from __future__ import annotations

import click

from .. import gen as _gen
from ._common import ensure_writable, open_output


@click.command()
@click.option("--count", "-n", type=click.IntRange(0, 100_000_000), required=True, help="生成的案件数。")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子：相同种子生成相同的案件。")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="写入 .jsonl 文件（默认：标准输出）。文件已存在时须加 --force。",
)
@click.option("--force", is_flag=True, default=False, help="允许覆盖已存在的输出文件。")
def gen(count, seed, output, force):
    """生成随机但贴近实际的案件（JSONL，每行一件），供试用和性能测试。

    \b
    案件符合案件文件格式：福州、泉州各机关的申请，收到日期在 2019-05-15 至 2026-09-15 之间（答复期限都落在已有节假日安排的年份内），
    各类别的比例接近公开的年度报告（予以公开、本机关不掌握最多，不予处理、其他处理较少），
    约 85% 附经办人拟定的类别和答复日期，其中约 6% 与规则结论不一致；不引用答复书文件。

    \b
    示例：
      gkrules gen --count 1000 -o batch.jsonl
      gkrules gen --count 1000000 --seed 7 -o million.jsonl
      gkrules gen --count 200 | gkrules audit -
    """
    ensure_writable(output, force)
    with open_output(output, force, newline="\n") as out:
        _gen.write_jsonl(out, count, seed)


COMMANDS = [gen]
