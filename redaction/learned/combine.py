"""Rules and model together: the policy's ``learned_model`` section says how.

* A rule finding the model also sees keeps its type and takes the higher of the two scores
  (recognizer ``<rule>+model``).
* A rule finding the model gives less than ``veto_below`` is dropped, unless the rule's own score is at
  least ``keep_rule_score`` (checksummed numbers, strong cues). With ``keep_vetoed`` (the workspace: a
  reviewer looks at it) it stays with the model's probability as its score and recognizer
  ``<rule>+model-veto``, so it comes first in the review queue instead of silently disappearing.
* A rule finding the model doubts (below 0.5, above the veto) stays, marked ``<rule>+model?``.
* A span the model alone finds is added when its probability reaches the type's threshold, with recognizer
  ``learned_model``; it takes the type of a rule finding it touches, else its class's default type.

Marks ending ``+model?`` / ``+model-veto`` and ``learned_model`` findings are where rules and model
disagree: the review queue puts those records first (active learning).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from redaction.findings import Finding
from redaction.learned.labels import CLASS_TO_ENTITY, CLASSES
from redaction.learned.model import PieceProbs
from redaction.policy import LearnedModelSettings
from redaction.postprocess import resolve_overlaps

MODEL_RECOGNIZER = "learned_model"
AGREED, DOUBTED, VETOED = "+model", "+model?", "+model-veto"
# Pieces of one span may be separated by at most this much of these characters ("Mary-Ann", "12/03").
_GAP = re.compile(r"[ \t\-./,'#:()]{0,3}")
_ALNUM = re.compile(r"[^\W_]")


def model_spans(text: str, pieces: Sequence[PieceProbs], floor: float) -> list[Finding]:
    """Spans of consecutive pieces the model calls PHI (probability >= ``floor``), widened to whole words.

    Score: the mean PHI probability of the span's pieces; type: its most likely class's default type.
    """
    spans, run = [], []
    for piece in pieces:
        if piece.phi >= floor and (not run or _GAP.fullmatch(text[run[-1].end : piece.start])):
            run.append(piece)
            continue
        if run:
            spans.append(_span(text, run))
        run = [piece] if piece.phi >= floor else []
    if run:
        spans.append(_span(text, run))
    return spans


def _span(text: str, run: Sequence[PieceProbs]) -> Finding:
    start, end = run[0].start, run[-1].end
    while start > 0 and _ALNUM.match(text[start - 1]):
        start -= 1
    while end < len(text) and _ALNUM.match(text[end]):
        end += 1
    totals = [sum(p.probs[c] for p in run) for c in range(1, len(run[0].probs))]
    cls = CLASSES[max(range(len(totals)), key=totals.__getitem__)]
    score = sum(p.phi for p in run) / len(run)
    return Finding(start, end, CLASS_TO_ENTITY[cls], score, MODEL_RECOGNIZER)


def combine(
    text: str,
    rule_findings: Sequence[Finding],
    pieces: Sequence[PieceProbs],
    settings: LearnedModelSettings,
    keep_vetoed: bool = False,
) -> list[Finding]:
    """The ensemble's findings for one text (sorted, non-overlapping)."""
    out = []
    for finding in rule_findings:
        p = max((piece.phi for piece in pieces if piece.start < finding.end and piece.end > finding.start), default=0.0)
        if p < settings.veto_below and finding.score < settings.keep_rule_score:
            if keep_vetoed:
                out.append(_marked(finding, p, VETOED))
            continue
        if p < 0.5:
            out.append(_marked(finding, finding.score, DOUBTED))
        else:
            out.append(_marked(finding, max(finding.score, p), AGREED))
    for span in model_spans(text, pieces, settings.floor()):
        if span.score < settings.threshold(span.entity_type):
            continue
        touching = [f for f in out if f.start <= span.end and span.start <= f.end]
        if touching:  # it extends or repeats a rule finding: same type, so the overlap merges
            best = max(touching, key=lambda f: f.score)
            if all(f.start <= span.start and span.end <= f.end for f in touching):
                continue
            span = Finding(span.start, span.end, best.entity_type, span.score, MODEL_RECOGNIZER)
        out.append(span)
    return resolve_overlaps(out, text)


def _marked(finding: Finding, score: float, mark: str) -> Finding:
    return Finding(finding.start, finding.end, finding.entity_type, score, f"{finding.recognizer}{mark}")


def disagrees(recognizer: str) -> bool:
    """Whether a stored finding marks a disagreement between rules and model (review it first)."""
    return recognizer == MODEL_RECOGNIZER or recognizer.endswith((DOUBTED, VETOED))
