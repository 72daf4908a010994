"""Scoring findings against gold spans, token-level and entity-level, per entity type.

* Token level (what a reader of the redacted text sees): a token is a run of letters or digits. Recall
  is the share of tokens inside gold spans that some finding covers, whatever its type; precision is the
  share of tokens inside findings that lie in some gold span.
* Entity level: a gold span counts as found when any finding overlaps it (``typed`` also asks for the
  same type); a finding counts as correct when it overlaps any gold span.

Per-type recall groups by the gold span's type, per-type precision by the finding's type. Gold types the
kit does not detect (another annotation scheme) are kept under their own name: their recall shows what
the engine's findings of any type cover, and they count in the type-agnostic totals.

``analyze_errors`` lists the tokens behind those numbers (``kit redact eval --show-errors``): the missed
ones by gold type, the false ones by the finding's type and recognizer, each with its record id, offset and
a little context. That holds text from the gold file, for the screen of the person improving the detector.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

import regex as re

from redaction.findings import Finding

TOKEN = re.compile(r"[^\W_]+")


@dataclass
class Counts:
    """Counters for one entity type (or for all of them)."""

    gold_tokens: int = 0
    gold_tokens_found: int = 0
    pred_tokens: int = 0
    pred_tokens_correct: int = 0
    gold_entities: int = 0
    gold_entities_found: int = 0
    gold_entities_typed: int = 0
    pred_entities: int = 0
    pred_entities_correct: int = 0

    def to_dict(self) -> dict[str, float | int]:
        """Raw counters and the five rates, for ``kit redact eval --json``."""
        rates = {
            "token_recall": self.token_recall,
            "token_precision": self.token_precision,
            "entity_recall": self.entity_recall,
            "entity_typed_recall": self.entity_typed_recall,
            "entity_precision": self.entity_precision,
        }
        return {**{name: getattr(self, name) for name in self.__dataclass_fields__}, **rates}

    def add(self, other: Counts) -> None:
        """Accumulate another counter into this one."""
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def token_recall(self) -> float:
        """Share of gold tokens covered by some finding."""
        return _ratio(self.gold_tokens_found, self.gold_tokens)

    @property
    def token_precision(self) -> float:
        """Share of predicted tokens that lie in a gold span."""
        return _ratio(self.pred_tokens_correct, self.pred_tokens)

    @property
    def entity_recall(self) -> float:
        """Share of gold spans overlapped by some finding."""
        return _ratio(self.gold_entities_found, self.gold_entities)

    @property
    def entity_typed_recall(self) -> float:
        """Share of gold spans overlapped by a finding of the same type."""
        return _ratio(self.gold_entities_typed, self.gold_entities)

    @property
    def entity_precision(self) -> float:
        """Share of findings that overlap some gold span."""
        return _ratio(self.pred_entities_correct, self.pred_entities)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class Report:
    """Evaluation of a set of documents: totals and one Counts per entity type."""

    total: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    documents: int = 0

    def to_dict(self) -> dict:
        """Machine-readable report: ``{"documents", "total": {...}, "by_type": {type: {...}}}``."""
        return {
            "documents": self.documents,
            "total": self.total.to_dict(),
            "by_type": {name: counts.to_dict() for name, counts in sorted(self.by_type.items())},
        }

    def table(self) -> str:
        """A Markdown table: one row per type, then the totals."""
        lines = [
            "| entity type | gold | token recall | token precision | entity recall | typed recall | entity precision |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        rows = sorted(self.by_type.items()) + [("**all**", self.total)]
        for name, c in rows:
            lines.append(
                f"| {name} | {c.gold_entities} | {c.token_recall:.3f} | {c.token_precision:.3f} | "
                f"{c.entity_recall:.3f} | {c.entity_typed_recall:.3f} | {c.entity_precision:.3f} |"
            )
        return "\n".join(lines)


def evaluate(documents: Iterable[Mapping], findings: Iterable[Sequence[Finding]]) -> Report:
    """Score findings (one list per document) against documents with ``text`` and gold ``spans``."""
    report = Report()
    for doc, doc_findings in zip(documents, findings):
        report.documents += 1
        for entity_type, counts in score_document(doc["text"], doc["spans"], doc_findings).items():
            report.by_type[entity_type].add(counts)
            report.total.add(counts)
    return report


@dataclass(frozen=True)
class FalsePositive:
    """A finding with at least one token outside every gold span: offsets and types, never the text."""

    document: str
    start: int
    end: int
    entity_type: str
    recognizer: str
    tokens_outside: int


def false_positives(documents: Iterable[Mapping], findings: Iterable[Sequence[Finding]]) -> list[FalsePositive]:
    """Findings that cover tokens no gold span covers, in document order (for error analysis on gold sets).

    Each names the document's ``id``, the offsets and how many of its tokens lie outside the gold; read
    the text itself from the gold file, so no PHI string travels in the result.
    """
    out = []
    for doc, doc_findings in zip(documents, findings):
        gold = [(s["start"], s["end"]) for s in doc["spans"]]
        for f in doc_findings:
            outside = sum(
                1
                for m in TOKEN.finditer(doc["text"], f.start, f.end)
                if not any(s < m.end() and m.start() < e for s, e in gold)
            )
            if outside:
                out.append(FalsePositive(str(doc.get("id", "")), f.start, f.end, f.entity_type, f.recognizer, outside))
    return out


def score_document(text: str, spans: Sequence[Mapping], findings: Sequence[Finding]) -> dict[str, Counts]:
    """Counts per entity type for one document."""
    counts: dict[str, Counts] = defaultdict(Counts)
    tokens = [m.span() for m in TOKEN.finditer(text)]
    gold = [(s["start"], s["end"], s["entity_type"]) for s in spans]
    pred = [(f.start, f.end, f.entity_type) for f in findings]
    for start, end in tokens:
        gold_type = next((t for s, e, t in gold if s < end and start < e), None)
        pred_type = next((t for s, e, t in pred if s < end and start < e), None)
        if gold_type is not None:
            counts[gold_type].gold_tokens += 1
            counts[gold_type].gold_tokens_found += pred_type is not None
        if pred_type is not None:
            counts[pred_type].pred_tokens += 1
            counts[pred_type].pred_tokens_correct += gold_type is not None
    for s, e, t in gold:
        c = counts[t]
        c.gold_entities += 1
        c.gold_entities_found += any(ps < e and s < pe for ps, pe, _ in pred)
        c.gold_entities_typed += any(ps < e and s < pe and pt == t for ps, pe, pt in pred)
    for s, e, t in pred:
        counts[t].pred_entities += 1
        counts[t].pred_entities_correct += any(gs < e and s < ge for gs, ge, _ in gold)
    return counts


CONTEXT_CHARS = 20  # characters shown on each side of an error
NEWLINE_MARK = "⏎"  # stands for a line break inside a one-line error listing


@dataclass(frozen=True)
class ErrorOccurrence:
    """Where one missed or false string sits: record id, offsets and the text around it (newlines shown)."""

    document: str
    start: int
    end: int
    left: str
    right: str


@dataclass
class ErrorString:
    """One distinct missed or false string, how often it occurs, and each place it occurs (document order)."""

    text: str
    tokens: int = 0
    occurrences: list[ErrorOccurrence] = field(default_factory=list)

    @property
    def count(self) -> int:
        """How many times this exact string was missed (or falsely flagged)."""
        return len(self.occurrences)

    def to_dict(self, max_occurrences: int) -> dict:
        """``{"text", "count", "tokens", "occurrences": [first few]}`` for ``kit redact eval --json``."""
        shown = [vars(o) for o in self.occurrences[:max_occurrences]]
        return {"text": self.text, "count": self.count, "tokens": self.tokens, "occurrences": shown}


@dataclass
class ErrorGroup:
    """Missed tokens of one gold type, or false tokens of one finding type and recognizer."""

    entity_type: str
    recognizer: str = ""
    tokens: int = 0
    strings: list[ErrorString] = field(default_factory=list)

    def to_dict(self, max_strings: int, max_occurrences: int = 3) -> dict:
        """The group's counts and its most frequent strings."""
        return {
            "entity_type": self.entity_type,
            "recognizer": self.recognizer,
            "tokens": self.tokens,
            "distinct": len(self.strings),
            "strings": [s.to_dict(max_occurrences) for s in self.strings[:max_strings]],
        }


@dataclass
class ErrorAnalysis:
    """What a person reads to improve the detector: missed gold tokens and false tokens, grouped."""

    missed: list[ErrorGroup] = field(default_factory=list)
    false: list[ErrorGroup] = field(default_factory=list)

    def to_dict(self, max_strings: int) -> dict:
        """``{"missed": [groups], "false": [groups]}``, each group with at most ``max_strings`` strings."""
        return {
            "missed": [g.to_dict(max_strings) for g in self.missed],
            "false": [g.to_dict(max_strings) for g in self.false],
        }


def analyze_errors(
    documents: Iterable[Mapping], findings: Iterable[Sequence[Finding]], context: int = CONTEXT_CHARS
) -> ErrorAnalysis:
    """Missed tokens by gold type and false tokens by the finding's type and recognizer, with context.

    A missed token is one inside a gold span that no finding touches; a false token is one inside a finding
    that no gold span touches (the token metrics' definitions, so the counts match ``evaluate``). Adjacent
    error tokens of one span form one string ("John Smith" missed whole is one string of two tokens).
    Identical strings are grouped; groups come largest first (by tokens), strings most frequent first.
    The result holds text from the gold file: show it to the person evaluating, never write it to a log.
    """
    missed: dict[tuple[str, str], dict[str, ErrorString]] = defaultdict(dict)
    false: dict[tuple[str, str], dict[str, ErrorString]] = defaultdict(dict)
    for doc, doc_findings in zip(documents, findings):
        text, doc_id = doc["text"], str(doc.get("id", ""))
        for kind, key, start, end, tokens in _error_runs(text, doc["spans"], doc_findings):
            strings = (missed if kind == "missed" else false)[key]
            item = strings.setdefault(text[start:end], ErrorString(_visible(text[start:end])))
            item.tokens += tokens
            item.occurrences.append(_occurrence(doc_id, text, start, end, context))
    return ErrorAnalysis(_groups(missed), _groups(false))


def _error_runs(
    text: str, spans: Sequence[Mapping], findings: Sequence[Finding]
) -> Iterator[tuple[str, tuple[str, str], int, int, int]]:
    """``(kind, (type, recognizer), start, end, tokens)`` per run of adjacent error tokens of one span."""
    tokens = [(m.start(), m.end(), _token_error(m.start(), m.end(), spans, findings)) for m in TOKEN.finditer(text)]
    for error, run in groupby(tokens, key=lambda token: token[2]):
        if error is not None:
            members = list(run)
            yield error[0], error[1], members[0][0], members[-1][1], len(members)


def _token_error(
    start: int, end: int, spans: Sequence[Mapping], findings: Sequence[Finding]
) -> tuple[str, tuple[str, str], int] | None:
    """``("missed", (gold type, ""), span index)``, ``("false", (type, recognizer), finding index)`` or None."""
    gold = next((i for i, s in enumerate(spans) if s["start"] < end and start < s["end"]), None)
    pred = next((i for i, f in enumerate(findings) if f.start < end and start < f.end), None)
    if gold is not None and pred is None:
        return "missed", (spans[gold]["entity_type"], ""), gold
    if pred is not None and gold is None:
        return "false", (findings[pred].entity_type, findings[pred].recognizer), pred
    return None


def _occurrence(document: str, text: str, start: int, end: int, context: int) -> ErrorOccurrence:
    left, right = text[max(0, start - context) : start], text[end : end + context]
    return ErrorOccurrence(document, start, end, _visible(left), _visible(right))


def _visible(text: str) -> str:
    """One line: line breaks become NEWLINE_MARK, tabs spaces."""
    return text.replace("\r\n", NEWLINE_MARK).replace("\n", NEWLINE_MARK).replace("\r", NEWLINE_MARK).replace("\t", " ")


def _groups(by_key: Mapping[tuple[str, str], Mapping[str, ErrorString]]) -> list[ErrorGroup]:
    groups = []
    for (entity_type, recognizer), strings in by_key.items():
        ordered = sorted(strings.values(), key=lambda s: -s.count)  # stable: ties keep document order
        groups.append(ErrorGroup(entity_type, recognizer, sum(s.tokens for s in ordered), ordered))
    return sorted(groups, key=lambda g: (-g.tokens, g.entity_type, g.recognizer))
