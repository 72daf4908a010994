"""ZIP codes: after a state in an address, after a ZIP label, or after a cue of residence."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.city_recognizer import SAFE_CODE, STATE_CODE, STATE_NAMES

# State codes that are also English words or clinical shorthand ("in", "or", "ok", "me", "de"): in caseless
# text only an upper-case one (the "after state" pattern) counts.
_WORD_CODES = frozenset({"IN", "OR", "OK", "ME", "HI", "OH", "ID", "DE"})
LOWER_CODE = "|".join(c for c in STATE_CODE.split("|") if c not in _WORD_CODES)
LOWER_CODE_NO_COMMA = SAFE_CODE + "|MA|PA|GA"
ZIP = r"(?P<phi>\d{5}(?:-\d{4})?)(?![\w-]|[.,]\d)"
# "zip: 60614", "zip code is 90210", "my postcode 02118", "ZIP#60614-1234".
LABEL = r"(?i:\b(?:zip|zip[ \t-]?code|postal[ \t]+code|post[ \t]?code)(?:[ \t]+(?:is|was|of|=))?[ \t]*[:#]?[ \t]*)"
# A bare five-digit number after a residence cue is weak evidence ("moved to 02118 last year"): a reviewer
# decides. "in"/"at" alone are not cues: "dropped to 45000", "in 10000 units".
RESIDENCE = (
    r"(?i:\b(?:moved|moving|move|relocated|relocating|live|lives|living|lived|reside|resides|residing|"
    r"located|staying|stays|home)[ \t]+(?:back[ \t]+)?(?:to|in|at|near)[ \t]+(?:the[ \t]+)?)"
)


@register
class ZipCodeRecognizer(ClinicalPatternRecognizer):
    """``Boston, MA 02118``, ``Ohio 44101-2231``, ``ZIP: 60614``, ``my zip is 10001``, ``boston, ma 02118``."""

    ENTITY = "ZIP_CODE"
    PATTERNS = [
        Pattern("after state", rf"(?:\b(?:{STATE_CODE})|{STATE_NAMES}),?[ \t]+{ZIP}", 0.9),
        # Lower-case text: a code after "city," ("boston, ma 02118"), or an unambiguous one without the comma.
        Pattern("after lower-case state", rf"(?i:\b[a-z]+,[ \t]*(?:{LOWER_CODE}))[ \t]+{ZIP}", 0.85),
        Pattern("after state no comma", rf"(?i:\b[a-z]{{3,}}[ \t]+(?:{LOWER_CODE_NO_COMMA}))[ \t]+{ZIP}", 0.6),
        Pattern("labelled", LABEL + ZIP, 0.9),
        Pattern("zip+4", r"(?<![\w-])\d{5}-\d{4}(?![\w-])", 0.5),
        Pattern("after residence cue", RESIDENCE + ZIP, 0.4),
    ]
    CONTEXT = ["zip", "zipcode", "postal", "postcode", "address"]
