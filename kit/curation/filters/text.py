"""Text-shape filters: empty, length bounds, truncation, references elsewhere, links and HTML residue.

Defaults fit short clinical Q&A (the demo corpus): LIMA kept Stack Exchange answers of 1,200-4,096
characters, which would throw away most patient-portal replies; raise ``min_response_chars`` for long-form
sources.
"""

from __future__ import annotations

import re

from kit.curation.candidates import Candidate
from kit.curation.filters.registry import Flag, ItemCheck, register_filter


@register_filter("empty")
def empty() -> ItemCheck:
    """Reject candidates whose prompt or response is empty or whitespace only."""

    def check(c: Candidate) -> Flag | None:
        if not c.response.strip():
            return Flag("empty_response")
        if not c.prompt.strip():
            return Flag("empty_prompt")
        return None

    return check


@register_filter("length")
def length(
    min_response_chars: int = 120,
    max_response_chars: int = 4096,
    min_prompt_chars: int = 12,
    max_prompt_chars: int = 8000,
) -> ItemCheck:
    """Reject prompts and responses outside character bounds (LIMA: answers of 1,200-4,096 chars)."""

    def check(c: Candidate) -> Flag | None:
        n_resp, n_prompt = len(c.response.strip()), len(c.prompt.strip())
        if n_resp < min_response_chars:
            return Flag("response_too_short", f"{n_resp} < {min_response_chars} chars")
        if n_resp > max_response_chars:
            return Flag("response_too_long", f"{n_resp} > {max_response_chars} chars")
        if n_prompt < min_prompt_chars:
            return Flag("prompt_too_short", f"{n_prompt} < {min_prompt_chars} chars")
        if n_prompt > max_prompt_chars:
            return Flag("prompt_too_long", f"{n_prompt} > {max_prompt_chars} chars")
        return None

    return check


_TERMINAL = tuple(".!?)]\"'»”’:*`")


def looks_truncated(text: str, short_tail_words: int = 6) -> str | None:
    """Why ``text`` looks cut off (a code), or None. A short last line (signature, list item) is fine."""
    stripped = text.rstrip()
    if stripped.endswith(("...", "…")):
        return "ends_with_ellipsis"
    if stripped.count("```") % 2:
        return "unclosed_code_block"
    last_line = stripped.splitlines()[-1].strip() if stripped else ""
    if len(last_line.split()) <= short_tail_words:
        return None
    if not last_line.endswith(_TERMINAL):
        return "ends_mid_sentence"
    return None


@register_filter("truncated")
def truncated(short_tail_words: int = 6) -> ItemCheck:
    """Reject responses that end mid-sentence, with an ellipsis, or inside a code block."""

    def check(c: Candidate) -> Flag | None:
        why = looks_truncated(c.response, short_tail_words)
        return Flag("truncated_response", why) if why else None

    return check


REFERS_ELSEWHERE = {
    "see_above": r"\bsee (?:above|the (?:previous|earlier|other) (?:answer|post|reply|comment))",
    "mentioned_above": r"\bas (?:i |we |others? |has been |was )?(?:mentioned|said|noted|stated|discussed)"
    r" (?:above|earlier|before|in (?:the|another|an) (?:other )?(?:answer|post|reply|thread))",
    "other_answers": r"\b(?:other|previous|above|accepted|top|another) (?:answers?|posters?|replies|comments?)\b",
    "platform": r"\b(?:this|the) (?:forum|thread|subreddit|message ?board|board|community|site|website)\b",
    "votes": r"\b(?:up|down)-?vot(?:e|ed|es|ing)\b",
    "edit_marker": r"(?:^|\n)\s*(?:edit|update)\s*\d*\s*:",
    "comments": r"\bin the comments\b",
}
_REFERS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in REFERS_ELSEWHERE.items()]


@register_filter("refers_elsewhere")
def refers_elsewhere() -> ItemCheck:
    """Reject responses that refer to other answers or to the platform ("see above", "this forum")."""

    def check(c: Candidate) -> Flag | None:
        for name, pattern in _REFERS:
            match = pattern.search(c.response)
            if match:
                return Flag("refers_elsewhere", f"{name} at offset {match.start()}")
        return None

    return check


LINKS_AND_HTML = {
    # bare domains count, but not the domain of an e-mail address (PHI: the residual_phi filter's job)
    "url": r"\bhttps?://|\bwww\.[a-z0-9-]+\.|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|io)\b",
    "html_tag": r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>",
    "html_entity": r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});",
    "markdown_link": r"\[[^\]\n]{1,200}\]\((?:[^)\s]{1,500})\)",
}
_LINKS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in LINKS_AND_HTML.items()]


@register_filter("links_html")
def links_html(fields: tuple[str, ...] = ("prompt", "response")) -> ItemCheck:
    """Reject pairs containing links, HTML tags or entities, or markdown links (scraping residue)."""

    def check(c: Candidate) -> Flag | None:
        for field_name in fields:
            text = getattr(c, field_name)
            for name, pattern in _LINKS:
                match = pattern.search(text)
                if match:
                    return Flag("link_or_html", f"{name} in {field_name} at offset {match.start()}")
        return None

    return check
