import pytest

from kit.curation.candidates import Candidate
from kit.curation.filters import FilterContext, FilterSpec, default_filter_specs, run_filters
from kit.curation.filters.language import guess_language
from kit.curation.filters.text import looks_truncated
from kit.errors import InputError

from .conftest import JUNK, junk_candidates

GOOD = Candidate(
    id="good",
    prompt="How do I use my asthma inhaler with a spacer correctly?",
    response="Thanks for asking about your inhaler. Shake it, attach the spacer, breathe out fully, "
    "then press once and breathe in slowly. Hold your breath for ten seconds.\n\n"
    "- Rinse your mouth after a steroid inhaler.\n- Check the dose counter each week.",
    source="faq",
    category="asthma",
)


@pytest.mark.parametrize("cid", sorted(JUNK))
def test_when_candidate_is_planted_junk_then_it_is_rejected_with_its_reason(cid, phi_detector):
    candidate = next(c for c in junk_candidates() if c.id == cid)
    kept, rejections = run_filters([candidate, GOOD], default_filter_specs(), FilterContext(phi_detector))
    assert [c.id for c in kept] == ["good"]
    assert [(r.candidate_id, r.reason) for r in rejections] == [(cid, JUNK[cid][1])]


def test_when_rejection_is_reported_then_detail_names_offsets_not_text(phi_detector):
    _, rejections = run_filters(junk_candidates(), default_filter_specs(), FilterContext(phi_detector))
    phone = next(r for r in rejections if r.candidate_id == "junk-phone")
    assert phone.detail.startswith("response: PHONE_NUMBER at ")
    assert all("555" not in r.detail and "Smith" not in r.detail for r in rejections)


def test_when_length_bounds_are_configured_then_they_apply():
    specs = [FilterSpec(name="length", params={"min_response_chars": 1200, "max_response_chars": 4096})]
    _, rejections = run_filters([GOOD], specs)
    assert rejections[0].reason == "response_too_short"


def test_when_filter_is_unknown_or_badly_configured_then_input_error():
    with pytest.raises(InputError, match="unknown curation filter"):
        run_filters([GOOD], [FilterSpec(name="nope")])
    with pytest.raises(InputError, match="bad parameters"):
        run_filters([GOOD], [FilterSpec(name="length", params={"min_chars": 3})])


@pytest.mark.parametrize(
    "text, why",
    [
        ("The dose is fine. Take it with food every", "ends_mid_sentence"),
        ("Take it with food and call us if the fever does not go away...", "ends_with_ellipsis"),
        ("Run this:\n```\npip install", "unclosed_code_block"),
        ("Take it with food and call us if the fever does not go away.", None),
        ("Take it with food and call us if the fever does not go away.\n\nBest,\nDr. Reyes", None),
    ],
)
def test_truncation_detector_table(text, why):
    assert looks_truncated(text) == why


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Please take the medicine with food and call us if the pain is not better in two days.", "en"),
        ("Le recomendamos que hable con su médico de cabecera lo antes posible, por favor.", "es"),
        (
            "Vielen Dank für Ihre Nachricht. Bitte wenden Sie sich an Ihre Hausarztpraxis, wenn es nicht besser wird.",
            "de",
        ),
        ("Merci pour votre message. Veuillez prendre rendez-vous avec votre médecin pour le suivi.", "fr"),
    ],
)
def test_language_guess_table(text, lang):
    assert guess_language(text) == lang


def test_when_the_real_redaction_engine_runs_then_phone_and_name_junk_is_blocked():
    pytest.importorskip("redaction.engine")
    junk = [c for c in junk_candidates() if c.id in ("junk-phone", "junk-name")]
    _, rejections = run_filters(junk + [GOOD], [FilterSpec(name="residual_phi")])
    assert {r.candidate_id for r in rejections} >= {"junk-phone", "junk-name"}
    assert all(r.reason == "residual_phi" for r in rejections)
