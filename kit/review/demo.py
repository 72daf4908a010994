"""Redact and review (detection, an automatic DEMO stand-in reviewer, sampled QA, sign-off).

Runs the engine over the demo workspace, scores it against the synthetic gold spans, lets a clearly
labelled automatic stand-in make the reviewer's decisions (see :mod:`kit.review.demo_reviewer`), draws
and checks the QA sample, prints the residual bound, anonymizes and signs off as the demo compliance user.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import yaml
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kit.records import load_raw
from kit.review import demo_reviewer as stand_in
from kit.review.config import load_workspace_policy
from kit.review.detect import DetectionResult, run_detection
from kit.review.qa import QaReport, clean_needed, qa_report
from kit.review.sampling import draw_sample, mark_many
from kit.review.signoff import review_summary, sign_off
from kit.users import Actor, Role
from kit.workspace import Workspace

STAND_IN = "[bold magenta]DEMO STAND-IN REVIEWER[/]"
LABEL = f"{STAND_IN} (automatic, driven by synthetic gold labels; in real use a person decides)"
DEMO_THRESHOLDS = (0.02, 0.05, 0.1)  # used only when the demo corpus cannot reach the policy's threshold
MAX_QA_ROUNDS = 8  # top-up draws before the demo stops chasing the bound
DEMO_DETECTOR_MINUTES = 0.75  # training budget of each demo detector (the main one and the curve's first point)


def demo_step(ws: Workspace, ctx: Any) -> None:
    """Detect, auto-review (labelled stand-in), QA, anonymize and sign off the demo workspace."""
    console, carol = ctx.console, ctx.actor(Role.COMPLIANCE)
    detection = _detect(ws, ctx, carol)
    _print_types(ctx, detection)
    gold = stand_in.gold_by_record(ws, ctx.vault, carol, list(ctx.state.get("gold", [])) + _qa_gold(ctx))
    notes = {rid: gold[rid] for rid in (row["id"] for row in ctx.state.get("gold", [])) if rid in gold}
    covered, total = stand_in.token_recall(ws, ctx.vault, carol, notes)
    if total:
        console.print(
            f"Engine token recall on the {len(notes)} demo notes: {covered / total:.1%} "
            f"({covered}/{total} gold PHI tokens inside a finding)."
        )
    _print_telegraphic_recall(ws, ctx, carol, notes)
    console.print(LABEL)
    mode = load_workspace_policy(ws).policy.review.mode
    auto = stand_in.auto_review(ws, ctx.vault, carol, gold, approve_all=mode == "full")
    console.print(
        f"  decided {auto.decided} finding(s): {auto.confirmed} confirmed, {auto.retyped} retyped, "
        f"{auto.rejected} rejected as false positives; added {auto.added} missed span(s) as "
        f"reviewer-added; propagation flagged {auto.propagated} more occurrence(s) in "
        f"{auto.propagated_records} record(s); approved {auto.approved} record(s)."
    )
    _train_detector(ws, ctx, carol)
    _fit_threshold(ws, ctx)
    _qa(ws, ctx, carol, gold)
    summary = review_summary(ws)
    qa = summary.qa
    console.print(
        f"Residual PHI, per record: {qa.residual_records}/{qa.checked} = {qa.rate_record:.4f}, 95% upper "
        f"bound {qa.bound_record:.5f} (threshold {qa.threshold}); per token: {qa.residual_tokens}/"
        f"{qa.checked_tokens}, bound {qa.bound_token:.5f}."
    )
    _print_against_policy(ctx, qa)
    if summary.blockers:
        console.print("Sign-off blocked: " + "; ".join(summary.blockers))
        return
    signed = sign_off(ws, carol)
    ctx.state["signoff_id"] = signed.id
    console.print(
        f"Signed off as {carol.name} (compliance): sign-off #{signed.id} over {signed.n_records} redacted "
        f"records, record set {signed.record_set_hash[:12]}, policy {signed.policy_name}@"
        f"{signed.policy_hash[:12]}. Sign-offs are immutable; curation reads only signed-off records."
    )


def _train_detector(ws: Workspace, ctx: Any, carol: Actor) -> None:
    """Train the learned detector on the records just reviewed (a small budget) and print what it adds."""
    from kit.review.detector import MIN_HOLDOUT, train_workspace_detector
    from redaction.learned import TrainSettings

    minutes = 0.2 if ctx.fast else DEMO_DETECTOR_MINUTES
    settings = TrainSettings(epochs=1.0, max_minutes=minutes)
    entry = train_workspace_detector(ws, ctx.vault, carol, settings, curve=() if ctx.fast else (0,))
    m = entry.metrics
    ctx.console.print(
        f"Learned detector {entry.id}: trained on the synthetic corpus and {m['reviewed_train']} reviewed "
        f"record field(s) (budget {minutes:g} min per model), {m['reviewed_held_out']} held out"
        + ("." if "held_out" in m else f" (too few to score it: fewer than {MIN_HOLDOUT} reviewed records).")
    )
    if "held_out" in m:
        rules, both = m["held_out"]["rules"], m["held_out"]["ensemble"]
        ctx.console.print(
            f"  held-out reviewed records, token recall / precision: rules {rules['recall']:.3f} / "
            f"{rules['precision']:.3f} -> rules + model {both['recall']:.3f} / {both['precision']:.3f} "
            f"(recall {both['recall'] - rules['recall']:+.3f}, precision {both['precision'] - rules['precision']:+.3f})"
        )
        curve = ", ".join(f"{p['reviewed']} -> {p['recall']:.3f}" for p in m.get("curve", []))
        ctx.console.print(f"  learning curve (reviewed fields -> held-out recall): {curve}")
    ctx.console.print(
        "  The next `kit redact run` uses it with the rules; on real notes it is measured in docs/benchmarks.md."
    )


def _print_telegraphic_recall(ws: Workspace, ctx: Any, carol: Actor, notes: stand_in.Gold) -> None:
    """The same token recall on the telegraphic ICU nursing notes alone, split by their case.

    They are written wholly in UPPER or wholly in lower case, as many real nursing notes are, so names lose
    the capital letter a detector leans on; the overall figure would hide how the engine does on them.
    """
    from kit.synth.kinds.telegraphic_nursing_note import KIND

    with ws.connect() as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM records WHERE doc_type = ?", (KIND,))} & set(notes)
    if not ids:
        return
    texts = {row["id"]: row["text"] for row in ctx.state.get("gold", []) if row["id"] in ids}
    upper = {i for i in ids if texts[i].isupper()}
    covered, total = stand_in.token_recall(ws, ctx.vault, carol, {i: notes[i] for i in ids})
    up_covered, up_total = stand_in.token_recall(ws, ctx.vault, carol, {i: notes[i] for i in upper})
    low_covered, low_total = covered - up_covered, total - up_total  # the counts add up record by record
    if total:
        ctx.console.print(
            f"Engine token recall on the {len(ids)} telegraphic nursing notes ({len(upper)} UPPER, "
            f"{len(ids) - len(upper)} lower): {covered / total:.1%} (UPPER {_share(up_covered, up_total)}, "
            f"lower {_share(low_covered, low_total)}; {covered}/{total} gold PHI tokens inside a finding)."
        )


def _share(covered: int, total: int) -> str:
    return f"{covered / total:.1%}" if total else "n/a"


def _detect(ws: Workspace, ctx: Any, actor: Actor) -> DetectionResult:
    columns = (TextColumn("Detecting PHI"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=ctx.console, transient=True) as progress:
        task = progress.add_task("detect", total=None)
        result = run_detection(
            ws,
            ctx.vault,
            actor,
            workers=1 if ctx.fast else 2,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    ctx.console.print(
        f"Detection: {result.processed} records, {result.findings} findings in {result.seconds:.0f} s "
        "(offsets and types only; raw text stayed in the vault)."
    )
    return result


def _print_types(ctx: Any, detection: DetectionResult) -> None:
    table = Table(title="Findings per entity type")
    table.add_column("entity type")
    table.add_column("findings", justify="right")
    for entity_type, n in sorted(detection.by_type.items(), key=lambda kv: -kv[1]):
        table.add_row(entity_type, str(n))
    ctx.console.print(table)


def _qa_gold(ctx: Any) -> list[dict[str, Any]]:
    """Gold spans of the demo Q&A pairs (``record:field`` ids).

    From the demo context when the lead's step put them there, else regenerated from the same seed;
    gold_by_record drops any row whose text does not match what was ingested.
    """
    if "qa_gold" in ctx.state:
        return list(ctx.state["qa_gold"])
    from kit.synth import generate_qa_pairs
    from kit.synth.gold import DEMO_QA_PAIRS

    return [
        {"id": f"{p['id']}:{f}", "text": p[f], "spans": p[f"{f}_spans"]}
        for p in generate_qa_pairs(DEMO_QA_PAIRS, 0)
        for f in ("prompt", "response")
    ]


def _fit_threshold(ws: Workspace, ctx: Any) -> None:
    """A corpus too small to ever demonstrate the policy's threshold gets a labelled demo-only threshold."""
    threshold = load_workspace_policy(ws).policy.review.threshold
    with ws.connect() as conn:
        population = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    if clean_needed(0, 0, threshold) > population:
        demo = next((t for t in DEMO_THRESHOLDS if clean_needed(0, 0, t) <= population // 2), DEMO_THRESHOLDS[-1])
        _set_demo_threshold(
            ws,
            ctx,
            demo,
            f"{population} records cannot demonstrate a residual rate under "
            f"{threshold} (that takes {clean_needed(0, 0, threshold)} clean checks)",
        )


def _set_demo_threshold(ws: Workspace, ctx: Any, demo: float, reason: str) -> None:
    """Write a labelled copy of the policy with a looser QA threshold into the demo workspace."""
    loaded = load_workspace_policy(ws)
    data = yaml.safe_load(loaded.path.read_text(encoding="utf-8"))
    threshold, data["review"]["threshold"] = data["review"]["threshold"], demo
    ctx.state.setdefault("policy_threshold", threshold)  # the policy's own value, before any demo adjustment
    folder = ws.root / "policies"
    folder.mkdir(exist_ok=True)
    header = (
        f"# Used by: kit review (demo workspace only).\n# DEMO ADJUSTMENT: review.threshold {threshold} -> "
        f"{demo} because {reason}.\n"
    )
    (folder / loaded.path.name).write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    ctx.console.print(
        f"[yellow]DEMO ADJUSTMENT:[/] {reason}; this demo workspace's policy copy uses threshold "
        f"{demo} instead of {threshold}. A real workspace keeps its threshold and reviews more data."
    )


def _print_against_policy(ctx: Any, qa: QaReport) -> None:
    """After a DEMO ADJUSTMENT, the same bound against the policy's original threshold, pass or fail."""
    original = ctx.state.get("policy_threshold")
    if original is None or original == qa.threshold:
        return
    verdict = "[green]passes[/]" if qa.bound_record < original else "[bold red]does NOT pass[/]"
    more = clean_needed(qa.residual_records, qa.checked, original)
    needed = "no feasible number of clean records reaches it" if more is None else f"{more} more clean record(s)"
    ctx.console.print(
        f"[yellow]Against the policy's original threshold {original}[/] (not the demo's {qa.threshold}): "
        f"per-record bound {qa.bound_record:.5f} {verdict}"
        + ("." if qa.bound_record < original else f"; it would take {needed} to pass it.")
    )


def _qa(ws: Workspace, ctx: Any, carol: Actor, gold: stand_in.Gold) -> None:
    """Draw, check and top up the sample until the bound passes or the corpus runs out."""
    drawn = draw_sample(ws, ctx.vault, carol)
    ctx.console.print(
        f"Anonymized {drawn.anonymized.anonymized} approved records "
        f"({drawn.anonymized.auto_approved} approved by the policy's sample mode); QA sample of "
        f"{len(drawn.drawn)} drawn (mode {drawn.report.mode}, seeded)."
    )
    batch = drawn.drawn
    for round_no in range(1, MAX_QA_ROUNDS + 1):
        residual = _mark(ws, ctx, carol, gold, batch)
        if residual:
            _fix(ws, ctx, carol, gold, residual)
        report = qa_report(ws)
        more = report.more_needed
        if report.passes or not more or more > report.population - report.sampled or round_no == MAX_QA_ROUNDS:
            break
        ctx.console.print(
            f"Bound {report.bound_record:.5f} is not under {report.threshold}: {more} more clean "
            "record(s) needed; drawing them."
        )
        topped = draw_sample(ws, ctx.vault, carol, more=more)
        batch = topped.requeued + topped.drawn
    _recheck(ws, ctx, carol, gold)
    report = qa_report(ws)
    if not report.passes:
        _print_residual_types(ws, ctx)
        looser = next((t for t in DEMO_THRESHOLDS if report.bound_record < t), None)
        if looser is not None:
            _set_demo_threshold(
                ws,
                ctx,
                looser,
                f"QA found {report.residual_records} residual record(s) in "
                f"{report.checked}, and this corpus has too few records left to bring the bound "
                f"under {report.threshold}",
            )


def _recheck(ws: Workspace, ctx: Any, carol: Actor, gold: stand_in.Gold) -> None:
    """Rebuild fixed records; clean marks whose text a fix changed (by propagation) are checked again."""
    for _ in range(MAX_QA_ROUNDS):
        again = draw_sample(ws, ctx.vault, carol)  # anonymizes what the fixes changed, re-queues stale marks
        batch = again.requeued + again.drawn
        if not batch:
            return
        if again.requeued:
            ctx.console.print(
                f"  {len(again.requeued)} clean-marked record(s) changed after their check (a fix propagated "
                "to them): those marks no longer count; re-checking them."
            )
        residual = _mark(ws, ctx, carol, gold, batch)
        if residual:
            _fix(ws, ctx, carol, gold, residual)


def _print_residual_types(ws: Workspace, ctx: Any) -> None:
    with ws.connect() as conn:
        spans = [
            s
            for (text,) in conn.execute("SELECT residual_spans FROM qa_samples WHERE status = 'residual'")
            for s in json.loads(text)
        ]
    counts = Counter(s["entity_type"] for s in spans)
    ctx.console.print(
        "Residual PHI QA found, by type: "
        + ", ".join(f"{t} {n}" for t, n in counts.most_common())
        + " (gaps for the engine or the policy's operators to close)."
    )


def _mark(ws: Workspace, ctx: Any, carol: Actor, gold: stand_in.Gold, record_ids: list[str]) -> list[str]:
    with ws.connect() as conn:
        redacted = {r[0]: json.loads(r[1]) for r in conn.execute("SELECT record_id, fields FROM redacted")}
    marks = {}
    for record_id in record_ids:
        raw = load_raw(ws, ctx.vault, record_id, carol).fields
        marks[record_id] = stand_in.residual_spans(redacted[record_id], raw, gold.get(record_id, {}))
    mark_many(ws, carol, marks)
    residual = [record_id for record_id, spans in marks.items() if spans]
    ctx.console.print(f"  {STAND_IN} checked {len(record_ids)} redacted record(s): {len(residual)} with residual PHI.")
    return residual


def _fix(ws: Workspace, ctx: Any, carol: Actor, gold: stand_in.Gold, record_ids: list[str]) -> None:
    """Re-opened records: add the gold spans that no finding matches exactly, approve them again."""
    from kit.review import decisions, store

    spans = []
    with ws.connect() as conn:
        for record_id in record_ids:
            have = {(f.field, f.start, f.end) for f in store.record_findings(conn, record_id)}
            spans += [
                decisions.NewSpan(record_id, field, g["start"], g["end"], g["entity_type"])
                for field, gs in gold.get(record_id, {}).items()
                for g in gs
                if (field, g["start"], g["end"]) not in have and g["entity_type"] not in stand_in.NOT_CHECKED
            ]
    if spans:
        decisions.add_spans(ws, ctx.vault, carol, spans)
    decisions.approve_many(ws, carol, record_ids)
