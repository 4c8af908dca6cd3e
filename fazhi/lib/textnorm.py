"""Django-free text helpers for Chinese government documents.

Plans arrive as text extracted from Word, PDF or web pages, so they carry
markdown bold markers, stray spaces around digits ("2022 年") and a free mix
of full- and half-width brackets. These helpers clean that up line by line
without changing what the document says.
"""

from __future__ import annotations

import functools
import re

OPENERS = "（(〔[【［｛{<《"
CLOSERS = "）)〕]】］｝}>》"
BRACKETS = OPENERS + CLOSERS

_MARKUP = re.compile(r"\*\*|__")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\s\u3000\u00a0\u2028\u2029\x0b\x0c\x1c-\x1f\x85]+")


def _is_ascii_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "_+-")


def _is_ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def normalise_line(line: str) -> str:
    """Return one line with markup and meaningless spaces removed.

    A space survives only between two ASCII words ("Web API") or between two ideographs, where it usually separates
    names ("中共濉溪县委 濉溪县人民政府"). Spaces touching digits, punctuation
    or brackets are typesetting noise: "2022 年" → "2022年".
    """
    line = _INVISIBLE.sub("", _MARKUP.sub("", line))
    parts = _SPACES.split(line.strip())
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part in parts[1:]:
        if not part:
            continue
        left, right = out[-1][-1:] or " ", part[0]
        keep = (_is_ascii_word(left) and _is_ascii_word(right)) or (_is_ideograph(left) and _is_ideograph(right))
        out.append(" " + part if keep else part)
    return "".join(out)


_BRACKET = re.compile("[" + re.escape(BRACKETS) + "]")


def bracket_balance(text: str) -> int:
    """Openers minus closers, ignoring bracket kind (documents mix 〔 with ])."""
    return sum(1 if found.group() in OPENERS else -1 for found in _BRACKET.finditer(text))


def open_bracket_tail(text: str) -> int | None:
    """Characters after the last opener still unclosed at the end of ``text``, or None if all are closed."""
    openers: list[int] = []
    for found in _BRACKET.finditer(text):
        if found.group() in OPENERS:
            openers.append(found.start())
        elif openers:
            openers.pop()
    return len(text) - openers[-1] - 1 if openers else None


def has_unmatched_closer(text: str) -> bool:
    """True when a closer appears with no opener before it: the tail of a bracket opened earlier."""
    depth = 0
    for found in _BRACKET.finditer(text):
        if found.group() in OPENERS:
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return True
    return False


@functools.lru_cache(maxsize=32)
def _marks(separators: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(BRACKETS + separators) + "]")


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on any of ``separators`` outside brackets: 各镇（园区，街道）stays whole."""
    pieces, depth, start = [], 0, 0
    for found in _marks(separators).finditer(text):
        char = found.group()
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            pieces.append(text[start:found.start()])
            start = found.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 → 1, 十九 → 19, 二十九 → 29, 一百零五 → 105; None when not a numeral."""
    if not text:
        return None
    if text.isdecimal():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def parse_pk(raw) -> int | None:
    """A primary key typed into a URL or form, or None. ``str.isdigit`` alone lets "²" through to ``int()``."""
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
