"""Name lists: size, variety, and no clash with the eponym allow-list."""

from __future__ import annotations

import re

from kit.synth.names import cities, eponyms, first_names, hospitals, last_names, streets


def test_lists_are_large_enough_for_variety():
    assert len(first_names()) >= 250 and len(last_names()) >= 300
    assert len(cities()) >= 100 and len(streets()) >= 80 and len(hospitals()) >= 40


def test_no_name_equals_a_medical_eponym():
    allow = {e.lower() for e in eponyms()}
    names = {f.name.lower() for f in first_names()} | {n.lower() for n in last_names()}
    assert not names & allow, sorted(names & allow)


def test_eponym_allow_list_has_the_common_ones():
    assert {"Parkinson", "Hodgkin", "Foley", "Apgar", "Alzheimer", "Crohn"} <= set(eponyms())


def test_name_lists_have_no_duplicates():
    firsts = [f.name for f in first_names()]
    assert len(firsts) == len(set(firsts)) and len(last_names()) == len(set(last_names()))


def test_cities_have_valid_state_codes_and_zip3():
    for city in cities():
        assert len(city.state) == 2 and city.state.isupper()
        assert len(city.zip3) == 3 and city.zip3.isdigit()


def _redaction_lists() -> dict[str, frozenset[str]]:
    """Every word list the redaction engine ships (redaction/data/*.txt), lower-cased."""
    from redaction import lexicon

    return {path.stem: lexicon.words(path.stem) for path in sorted(lexicon.DATA_DIR.glob("*.txt"))}


def _parts(name: str) -> set[str]:
    return {name.lower(), *(p for p in re.split(r"[\s\-]+", name.lower()) if p)}


def test_when_generator_names_are_compared_with_redaction_lists_then_none_is_shared():
    # The gold set measures recognizers on names no list knows (as at a real hospital): a shared name
    # would let a list lookup, not the context, find it.
    lists = _redaction_lists()
    names = [f.name for f in first_names()] + list(last_names())
    shared = {(n, stem) for n in names for stem, words in lists.items() if _parts(n) & words}
    assert not shared, sorted(shared)


def test_when_generator_cities_are_compared_with_redaction_lists_then_none_is_shared():
    lists = _redaction_lists()
    person_words = lists["first_names"] | lists["last_names"] | lists["ambiguous_names"]
    shared = {(c.name, stem) for c in cities() for stem, words in lists.items() if c.name.lower() in words}
    shared |= {(c.name, "a name list") for c in cities() if _parts(c.name) - {c.name.lower()} & person_words}
    assert not shared, sorted(shared)


def test_when_cities_are_listed_then_some_sit_in_restricted_zip3_areas():
    from redaction import RESTRICTED_ZIP3

    assert len({c.zip3 for c in cities()} & set(RESTRICTED_ZIP3)) >= 5
