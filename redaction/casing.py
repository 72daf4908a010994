"""Whether capitalisation carries information, decided per line.

Nursing notes are often typed wholly in capitals or wholly in lower case. There, a capital letter says
nothing about a name, and spaCy's NER and the capitalised-run recognizers misfire ("GALLSTONE
PANCREATITIS" as a person) or miss ("husband tomas"). A line is *caseless* when almost all its letters
have one case; the postprocessor then trusts only findings that vocabulary or context support, and the
cue recognizers (which ignore case) carry the detection.
"""

from __future__ import annotations

import bisect
from functools import lru_cache

import regex as re

MIN_LETTERS = 12  # a shorter line borrows the verdict of the whole text
LONG_LINE = 40  # letters; a line this long is judged alone, even in a mixed-case document
UPPER_SHARE = 0.85  # at least this share of capitals: an all-caps line
LOWER_SHARE = 0.012  # at most this share (the odd "I"): an all-lower-case line; prose has 2-4%
_LINE = re.compile(r"[^\n]*(?:\n|$)")


def _caseless(upper: int, lower: int) -> bool:
    letters = upper + lower
    return letters > 0 and (upper / letters >= UPPER_SHARE or upper / letters <= LOWER_SHARE)


def _count(text: str) -> tuple[int, int]:
    upper = sum(1 for c in text if c.isupper())
    lower = sum(1 for c in text if c.islower())
    return upper, lower


class CaseMap:
    """Which character ranges of a text are caseless (see the module docstring)."""

    def __init__(self, text: str) -> None:
        whole = _caseless(*_count(text))
        self.starts: list[int] = []
        self.flags: list[bool] = []
        for m in _LINE.finditer(text):
            if m.start() == m.end() and m.start() == len(text) and self.starts:
                break
            upper, lower = _count(m.group())
            if upper + lower < MIN_LETTERS:
                flag = whole
            else:
                # A short all-caps line in a mixed-case document is a header ("SMITH, ANA  MRN 123"), where
                # capitals still mark names; a caseless document or a long line has no such convention.
                flag = _caseless(upper, lower) and (whole or upper + lower >= LONG_LINE)
            self.starts.append(m.start())
            self.flags.append(flag)
        self.any = any(self.flags)

    def caseless(self, position: int) -> bool:
        """True when the line holding ``position`` is caseless."""
        if not self.any:
            return False
        i = bisect.bisect_right(self.starts, position) - 1
        return self.flags[max(i, 0)]


@lru_cache(maxsize=8)
def case_map(text: str) -> CaseMap:
    """The CaseMap of ``text``, shared by the recognizers that analyse the same text."""
    return CaseMap(text)
