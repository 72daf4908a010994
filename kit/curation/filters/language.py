"""A cheap target-language check: the share of the text's words that are stopwords of each language.

Good enough to catch a Spanish or German answer in an English pool, with no model and no download. Words
shared between languages count only for the target language.
"""

from __future__ import annotations

import re

from kit.curation.candidates import Candidate
from kit.curation.filters.registry import Flag, ItemCheck, register_filter
from kit.errors import InputError

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the a an and or but if of to in on at by for with from about as into than then
        is are was were be been being have has had do does did will would can could should may might must
        i you he she it we they me him her us them my your his its our their this that these those there
        what which who when where why how not no yes all any some more most very just also only so""".split()
    ),
    "es": frozenset(
        """el la los las un una unos unas y o pero si de del al en con por para sin sobre
        es son fue era ser estar está están hay tiene tienen puede yo tú él ella nosotros ellos mi tu su
        sus este esta estos estas ese esa que qué cuando donde porque como muy más también ya lo le les""".split()
    ),
    "fr": frozenset(
        """le la les un une des et ou mais si de du au aux en dans avec pour sans sur par
        est sont était être avoir ai as avez ont je tu il elle nous vous ils elles mon ton son sa ses ce
        cette ces qui que quoi quand où pourquoi comment très plus aussi ne pas""".split()
    ),
    "de": frozenset(
        """der die das ein eine einen und oder aber wenn von zu im mit für ohne auf bei aus
        ist sind war waren sein haben hat ich du er sie es wir ihr mein dein sein ihre dieser diese
        dieses welche wer wann wo warum wie nicht kein sehr mehr auch nur noch""".split()
    ),
    "pt": frozenset(
        """o os um uma uns umas e ou mas se do da dos das ao em no na nos nas com por para sem
        sobre é são foi era ser estar está estão tem têm pode eu você ele ela nós eles meu seu sua este
        esta isso que quando onde porque como muito mais também não""".split()
    ),
    "it": frozenset(
        """il lo gli un uno una e o ma se di del della dei al alla nel nella con per senza
        su è sono era essere avere ha hanno io tu lui lei noi voi loro mio tuo suo questo questa quello
        che chi quando dove perché come molto più anche non""".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def stopword_shares(text: str, target: str = "en") -> tuple[int, dict[str, float]]:
    """(word count, share of words that are stopwords of each language); shared words go to ``target``."""
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return 0, {}
    target_words = STOPWORDS[target]
    shares = {}
    for lang, stops in STOPWORDS.items():
        own = stops if lang == target else stops - target_words
        shares[lang] = sum(w in own for w in words) / len(words)
    return len(words), shares


def guess_language(text: str, target: str = "en", min_share: float = 0.12) -> str | None:
    """The language whose stopwords dominate ``text``, or None when no language reaches ``min_share``."""
    _, shares = stopword_shares(text, target)
    if not shares:
        return None
    best = max(shares, key=lambda lang: (shares[lang], lang == target))
    return best if shares[best] >= min_share else None


@register_filter("language")
def language(target: str = "en", min_words: int = 8, min_share: float = 0.12) -> ItemCheck:
    """Reject pairs not in the target language (stopword-share detector; short texts are not judged)."""
    if target not in STOPWORDS:
        raise InputError(f"no stopword list for language {target!r}; known: {sorted(STOPWORDS)}")

    def check(c: Candidate) -> Flag | None:
        for field_name in ("response", "prompt"):
            n_words, shares = stopword_shares(getattr(c, field_name), target)
            if n_words < min_words:
                continue
            best = max(shares, key=lambda lang: (shares[lang], lang == target))
            if best != target or shares[target] < min_share:
                return Flag(
                    "non_target_language", f"{field_name}: {best} {shares[best]:.2f} vs {target} {shares[target]:.2f}"
                )
        return None

    return check
