"""Nothing of the real dev set is memorised: no distinctive PHI string of it is in a word list or in code.

The dev set (``../shared/data/nursing-notes-deid-dev.jsonl``) measures the detector; the project is judged on
other real notes. A PHI word is *distinctive* when no packaged public vocabulary explains it (not a frequent
English word, not a census name, not a GeoNames town): such a word in a list or in the code could only have
come from the dev set. Whole PHI phrases of two words or more must not appear either.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex as re

from redaction import vocabulary

ROOT = Path(__file__).resolve().parents[2]
DEV_SET = ROOT.parent / "shared" / "data" / "nursing-notes-deid-dev.jsonl"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

pytestmark = pytest.mark.skipif(not DEV_SET.is_file(), reason="the dev set (../shared/data) is not present")


def _phi_strings() -> tuple[set[str], set[str]]:
    words, phrases = set(), set()
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        for span in doc["spans"]:
            value = doc["text"][span["start"] : span["end"]].lower()
            tokens = WORD.findall(value)
            words.update(t for t in tokens if len(t) >= 4)
            if len(tokens) >= 2:
                phrases.add(" ".join(tokens))
    return words, phrases


def _distinctive(word: str) -> bool:
    public = vocabulary.zipf(word) >= vocabulary.RARE_ZIPF or vocabulary.is_census_name(word)
    return not public and word not in vocabulary.places()


def _shipped_text() -> dict[Path, set[str]]:
    files = sorted((ROOT / "redaction" / "data").glob("*.txt"))
    files += sorted(p for folder in ("redaction", "kit", "ui") for p in (ROOT / folder).rglob("*.py"))
    return {path: set(WORD.findall(path.read_text(encoding="utf-8").lower())) for path in files}


def test_when_lists_and_code_are_scanned_then_no_distinctive_dev_set_phi_is_found():
    words, phrases = _phi_strings()
    distinctive = {w for w in words if _distinctive(w)}
    assert len(distinctive) > 20  # the check has something to look for
    shipped = _shipped_text()
    leaks = {str(path.relative_to(ROOT)): sorted(found & distinctive) for path, found in shipped.items()}
    assert {path: found for path, found in leaks.items() if found} == {}


def test_when_lists_and_code_are_scanned_then_no_dev_set_phi_phrase_is_found():
    _, phrases = _phi_strings()
    texts = {path: " ".join(WORD.findall(path.read_text(encoding="utf-8").lower())) for path in _shipped_text()}
    leaks = sorted(
        (str(path.relative_to(ROOT)), p) for path, text in texts.items() for p in phrases if f" {p} " in f" {text} "
    )
    assert leaks == []
