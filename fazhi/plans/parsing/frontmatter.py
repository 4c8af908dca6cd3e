"""Plan metadata from the front matter: title, issuers, 文号, issue date, period."""

from __future__ import annotations

import re
from datetime import date

from .ledger import PlanMeta

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日(?:印发)?$")
_PERIOD = re.compile(r"(\d{4})年?\s*[—–\-－~～至到]+\s*(\d{4})年")
_SINGLE_YEAR = re.compile(r"(\d{4})年")
_PLAN_WORDS = re.compile(r"(方案|规划|计划|要点|意见|办法|纲要)")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff ]{2,30}(委|政府|办公室|委员会|局|办|部|厅)$")


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _notice(paragraph: str) -> tuple[str, str] | None:
    """(issuers, title) of a notice title "X Y关于印发《…》的通知", or None.

    Found with two ``str.find``: a lazy regex for the same shape retried its title scan
    after every 关于印发 and took 30 s on one long line.
    """
    start = paragraph.find("关于印发")
    if start < 0:
        return None
    # The title has at least one character; a 《 right after 关于印发 is not part of it, nor a 》 before 的通知.
    title_start = start + len("关于印发")
    end = -1
    if paragraph.startswith("《", title_start):
        end = paragraph.find("的通知", title_start + 2)
        if end >= 0:
            title_start += 1
    if end < 0:
        end = paragraph.find("的通知", title_start + 1)
    if end < 0:
        return None
    title = paragraph[title_start:end]
    return paragraph[:start], title[:-1] if title.endswith("》") and len(title) > 1 else title


def extract_meta(front: list[str], back: list[str], fallback_title: str) -> PlanMeta:
    """Read the front- and back-matter paragraphs; write the plan's metadata.

    The title is the standalone line naming a 方案/规划 (not the 印发 notice);
    issuers come from the notice title ("X Y关于印发《…》的通知") or the signature
    block; the issue date is the first standalone date, else the 印发 date.
    """
    title = next((p for p in front if _PLAN_WORDS.search(p) and len(p) <= 80
                  and not re.search(r"关于印发|通知|现将|《", p)), None)
    notice = next((found for p in front if (found := _notice(p))), None)
    if title is None:
        title = notice[1] if notice else fallback_title
    issuers: list[str] = []
    if notice and notice[0]:
        issuers = notice[0].split()
    else:
        dates = [i for i, p in enumerate(front) if _DATE.match(p)]
        if dates:
            issuers = [p for p in front[: dates[0]][-3:] if _ORG_LINE.match(p)]
    doc_number = next((m.group(0) for p in front if (m := _DOC_NUMBER.search(p))), None)
    issued_on = next((_date(m) for p in [*front, *back] if (m := _DATE.match(p))), None)
    period = _PERIOD.search(title)
    if period is None and len(set(_SINGLE_YEAR.findall(title))) == 1:
        period = _SINGLE_YEAR.search(title)  # 淮北市2022年法治政府建设工作要点 covers 2022 alone
    return PlanMeta(
        title=title,
        issuers=issuers,
        doc_number=doc_number,
        issued_on=issued_on,
        period_start=int(period.group(1)) if period else None,
        period_end=int(period.group(period.lastindex)) if period else None,
    )


def is_closing_line(text: str) -> bool:
    """Signature, date and distribution lines that close a document."""
    return bool(_DATE.match(text) or _ORG_LINE.match(text) or re.match(r"^(抄送|抄报|（此件|\(此件)", text))
