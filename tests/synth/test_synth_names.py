"""Name lists: size, variety, and no clash with the eponym allow-list."""

from __future__ import annotations

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
