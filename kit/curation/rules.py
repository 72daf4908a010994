"""Turning redacted documents into prompt/response pairs: one documented rule per ``doc_type``.

- ``portal_message``: prompt = the patient's message (mail headers, greeting and sign-off cut);
  response = the clinic's reply (greeting cut).
- ``discharge_summary``: prompt = "Summarize this discharge summary for the patient in plain language." + the
  summary; response = a plain-language summary assembled from its own diagnoses, hospital course, medicines
  and follow-up sections (extractive: no model writes anything).
- ``progress_note``: prompt = "Write the assessment and plan..." + the note up to its plan; response = the
  Assessment/Plan section.
- ``radiology_report``: prompt = "Write the impression..." + the report up to its impression; response = the
  Impression section.

Other document kinds (referral letters, nursing notes, registration forms) have no question/answer shape
and yield no pair; they are counted as ``no_pair_rule``. Add a rule with ``@register_pair_rule("doc_type")``:
a function ``text -> (prompt, response) | None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

PairRule = Callable[[str], "tuple[str, str] | None"]
PAIR_RULES: dict[str, PairRule] = {}

_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z /&()-]{0,40}):\s*$")
_GREETING = re.compile(r"^\s*(?:dear|hi|hello|good (?:morning|afternoon|evening))\b[^!?\n]{0,60}[,:]\s*$", re.I)
_CLOSING = re.compile(r"^\s*(?:thanks?|thank you|best|regards|sincerely|cheers|kind regards)\b[^\n]{0,40}$", re.I)
_MAIL_HEADER = re.compile(r"^\s*(?:from|sent|to|cc|subject|date|portal user|mychart)\b[^\n]*$", re.I)
_REPLY = re.compile(r"^\s*-{3,}\s*reply\b[^\n]*$", re.I | re.M)
_SIGNATURE = re.compile(r"^\s*(?:signed|dictated by|transcribed by|electronically signed|workstation)\b", re.I)


def register_pair_rule(doc_type: str) -> Callable[[PairRule], PairRule]:
    """Register the rule that turns a redacted document of ``doc_type`` into one pair."""

    def decorate(fn: PairRule) -> PairRule:
        PAIR_RULES[doc_type] = fn
        return fn

    return decorate


def sections(text: str) -> dict[str, tuple[int, str]]:
    """Sections whose header stands alone on its line (``HOSPITAL COURSE:``).

    Maps the lower-cased header to (start offset of the header line, body up to the next blank line or header).
    """
    found: dict[str, tuple[int, str]] = {}
    lines = text.splitlines(keepends=True)
    offset = 0
    for i, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            body = []
            for nxt in lines[i + 1 :]:
                if (not nxt.strip() and body) or _HEADER.match(nxt) or _SIGNATURE.match(nxt):
                    break
                if nxt.strip():
                    body.append(nxt.rstrip())
            found.setdefault(match.group(1).strip().lower(), (offset, "\n".join(body).strip()))
        offset += len(line)
    return found


def _first(found: dict[str, tuple[int, str]], *names: str) -> tuple[int, str] | None:
    return next((found[n] for n in names if n in found and found[n][1]), None)


def _strip_lines(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [line for line in lines if not pattern.match(line)]


@register_pair_rule("portal_message")
def portal_message(text: str) -> tuple[str, str] | None:
    """Patient message -> prompt; the clinic's reply -> response."""
    match = _REPLY.search(text)
    if not match:
        return None
    lines = _strip_lines(_strip_lines(text[: match.start()].splitlines(), _MAIL_HEADER), _GREETING)
    closing = next((i for i, line in enumerate(lines) if _CLOSING.match(line)), len(lines))
    prompt = "\n".join(lines[:closing]).strip()
    response = "\n".join(_strip_lines(text[match.end() :].splitlines(), _GREETING)).strip()
    return (prompt, response) if prompt and response else None


def _bullets(body: str) -> str:
    return "\n".join(
        "- " + re.sub(r"^\s*(?:[-*•]|#?\d+[.)]?)\s*", "", line) for line in body.splitlines() if line.strip()
    )


@register_pair_rule("discharge_summary")
def discharge_summary(text: str) -> tuple[str, str] | None:
    """The summary -> a plain-language summary assembled from its own sections (extractive, no model)."""
    found = sections(text)
    course = _first(found, "hospital course", "brief hospital course")
    diagnoses = _first(found, "discharge diagnoses", "diagnoses", "principal and secondary diagnoses")
    if not course:
        return None
    parts = ["Here is a plain-language summary of your hospital stay."]
    if diagnoses:
        parts.append("Why you were in the hospital:\n" + _bullets(diagnoses[1]))
    parts.append("What happened during your stay:\n" + course[1])
    meds = _first(found, "discharge medications", "medications at discharge")
    if meds:
        parts.append("Medicines to take at home:\n" + _bullets(meds[1]))
    follow = _first(found, "follow-up", "follow-up appointments", "follow up")
    if follow:
        parts.append("Next steps:\n" + _bullets(follow[1]))
    prompt = "Summarize this discharge summary for the patient in plain language.\n\n" + text.strip()
    return prompt, "\n\n".join(parts)


def _section_pair(text: str, names: tuple[str, ...], instruction: str) -> tuple[str, str] | None:
    target = _first(sections(text), *names)
    if not target or not text[: target[0]].strip():
        return None
    return f"{instruction}\n\n{text[: target[0]].strip()}", target[1]


@register_pair_rule("progress_note")
def progress_note(text: str) -> tuple[str, str] | None:
    """The note up to its plan -> prompt; the Assessment/Plan section -> response."""
    return _section_pair(
        text,
        ("assessment and plan", "assessment/plan", "a/p", "plan"),
        "Write the assessment and plan for this clinic note.",
    )


@register_pair_rule("radiology_report")
def radiology_report(text: str) -> tuple[str, str] | None:
    """The report up to its impression -> prompt; the Impression section -> response."""
    return _section_pair(text, ("impression",), "Write the impression for this imaging report.")
