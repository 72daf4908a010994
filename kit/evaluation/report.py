"""`kit report RUN`: one self-contained HTML file (figures inlined as base64 PNG) with the evidence.

Sections: ratings (LIMA Figure 1 style bars with CIs), agreement, training loss, dataset statistics,
privacy probes and the release gate's verdict. Only ids, numbers and names appear: no generated text.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from pathlib import Path

from kit.errors import KitError
from kit.evaluation import plots
from kit.evaluation.gate import GateFacts, GateVerdict, assess, gate_policy_for
from kit.evaluation.gate_policy import ReleaseGatePolicy
from kit.evaluation.lineage import KitLineage, LineageSource
from kit.evaluation.rating import stored_ratings
from kit.evaluation.results import evaluation_stats
from kit.evaluation.store import Evaluation, latest_evaluation
from kit.fsutil import atomic_write_text
from kit.users import Actor, Role, require_role

REPORT_ROLES = (Role.ADMIN, Role.ML_ENGINEER, Role.COMPLIANCE, Role.SYSTEM)
CSS = """body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:.3em .6em;font-size:.9em}
th{background:#f4f4f4}.pass{color:#2e7d32;font-weight:bold}.fail{color:#c62828;font-weight:bold}
.note{background:#fff8e1;border-left:4px solid #f9a825;padding:.5em 1em}img{max-width:100%}
.muted{color:#777}"""


def _img(b64: str, alt: str) -> str:
    return f'<figure><img alt="{escape(alt)}" src="data:image/png;base64,{b64}"/></figure>'


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ratings_section(stats: dict | None) -> str:
    """Win/tie/loss figure and table, grades, agreement."""
    if not stats:
        return "<h2>Human evaluation</h2><p class='muted'>No ratings yet.</p>"
    note = (
        f"<p class='note'>{stats['n_simulated']} of {stats['n_ratings']} ratings come from a SIMULATED rater "
        "(a heuristic, not a person). They illustrate the pipeline and never count toward a release.</p>"
        if stats.get("n_simulated")
        else ""
    )
    rows = [
        [
            " vs ".join(p["systems"]),
            p["n_ratings"],
            p["n_items"],
            f"{p['win']}% {p['ci95']['win']}",
            f"{p['tie']}% {p['ci95']['tie']}",
            f"{p['loss']}% {p['ci95']['loss']}",
            f"{p['win_or_tie']}% {p['ci95']['win_or_tie']}",
        ]
        for p in stats["pairs"]
    ]
    agreement = stats["agreement"]
    parts = [
        "<h2>Human evaluation</h2>",
        note,
        "<p>LIMA protocol: raters saw two answers in random order, blind to the model, and chose ",
        "“Which answer best satisfies your needs?”.</p>",
        _img(plots.win_tie_loss_bars(stats["pairs"]), "win tie loss bars"),
        _table(["pair", "ratings", "prompts", "win [95% CI]", "tie", "loss", "win or tie"], rows),
        "<h3>Agreement</h3>",
        _img(plots.agreement_bars(agreement), "agreement"),
        _table(
            ["measure", "value"],
            [
                [k, agreement.get(k)]
                for k in ("n_overlap_items", "tie_discounted", "cohens_kappa", "krippendorff_alpha")
            ],
        ),
        f"<p class='muted'>{escape(agreement['reason'])}</p>" if agreement.get("reason") else "",
    ]
    if stats.get("bradley_terry"):
        parts.append(_table(["system", "Bradley-Terry score"], list(stats["bradley_terry"]["scores"].items())))
    if stats.get("grades"):
        parts.append("<h3>Absolute grades (of the preferred answer)</h3>")
        parts.append(
            _table(
                ["system", "fail", "pass", "excellent"],
                [[s, g.get("fail", 0), g.get("pass", 0), g.get("excellent", 0)] for s, g in stats["grades"].items()],
            )
        )
    return "".join(parts)


def training_section(run_dir: Path | None) -> str:
    """Loss curve from runs/<id>/metrics.jsonl (and evals.jsonl)."""
    if run_dir is None:
        return "<h2>Training</h2><p class='muted'>Run folder not available.</p>"
    train = [(m["step"], m["loss"]) for m in _read_jsonl(run_dir / "metrics.jsonl") if m.get("loss") is not None]
    val = [(m["step"], m["val_loss"]) for m in _read_jsonl(run_dir / "evals.jsonl") if m.get("val_loss") is not None]
    if not train and not val:
        return "<h2>Training</h2><p class='muted'>No metrics.jsonl in the run folder.</p>"
    return "<h2>Training</h2>" + _img(plots.loss_curve(train, val), "loss curve")


def dataset_section(name: str | None, stats: dict | None) -> str:
    """stats.json of the dataset: scalar values as a table, count maps as bar charts."""
    if not stats:
        return "<h2>Dataset</h2><p class='muted'>No stats.json for the dataset.</p>"
    scalars = [[k, v] for k, v in stats.items() if isinstance(v, str | int | float | bool) or v is None]
    parts = [f"<h2>Dataset {escape(name or '')}</h2>", _table(["statistic", "value"], scalars)]
    for key, value in stats.items():
        if isinstance(value, dict) and value and all(isinstance(v, int | float) for v in value.values()):
            parts.append(_img(plots.count_bars(key, value), key))
        elif isinstance(value, dict):
            for sub, inner in value.items():
                if isinstance(inner, dict) and inner and all(isinstance(v, int | float) for v in inner.values()):
                    parts.append(_img(plots.count_bars(f"{key}: {sub}", inner), f"{key} {sub}"))
    return "".join(parts)


def _source(summary: dict, eval_id: str | None) -> str:
    """Names the evaluation a model-level probe was measured on, when that is not the reported one."""
    source = summary.get("eval_id")
    return f" (measured on evaluation {escape(source)} of the same run)" if source and source != eval_id else ""


def _missing(kind: str, eval_id: str | None) -> str:
    where = f"evaluation {escape(eval_id)}" if eval_id else "this run"
    command = f"kit eval probe --eval {escape(eval_id)}" if eval_id else "kit eval probe --run RUN"
    return (
        f"<p class='note'>{kind} probe not run on {where} (the one the gate checks): run <code>{command}</code> "
        "or press “Run privacy probes” on the Report &amp; release page.</p>"
    )


def probes_section(probes: dict, policy: ReleaseGatePolicy, eval_id: str | None = None) -> str:
    """PHI findings (ids, types, offsets), memorization scores, canaries; says which evaluation lacks which."""
    parts = ["<h2>Privacy probes</h2>"]
    phi = probes.get("phi")
    if phi is None:
        parts.append(_missing("PHI", eval_id))
    else:
        parts.append(f"<p>PHI probe: {phi['n_findings']} finding(s) in {phi['n_answers']} answers.</p>")
        parts.append(_table(["system", "findings"], list(phi["by_system"].items())))
        rows = [
            [f["prompt_id"], f["system"], f["entity_type"], f"{f['start']}-{f['end']}", f["score"]]
            for f in phi["findings"][:200]
        ]
        if rows:
            parts.append(_table(["prompt id", "system", "entity type", "offsets", "score"], rows))
    mem = probes.get("memorization")
    if mem is None:
        parts.append(_missing("Memorization", eval_id))
    else:
        sample = f", seed {mem['seed']}, of {mem['n_available']}" if "seed" in mem else ""
        parts.append(
            f"<p>Memorization probe on {mem['n_examples']} training examples{sample} (prefix "
            f"{mem['prefix_fraction']:.0%}){_source(mem, eval_id)}: max longest-run share {mem['max_lcs_ratio']}, "
            f"mean {mem['mean_lcs_ratio']}, max {mem['ngram']}-gram overlap {mem['max_ngram_overlap']}; "
            f"flagged: {escape(', '.join(mem['flagged']) or 'none')}.</p>"
        )
        parts.append(
            _img(
                plots.overlap_histogram([i["lcs_ratio"] for i in mem["items"]], policy.max_verbatim_overlap),
                "memorization",
            )
        )
    canary = probes.get("canary")
    if canary is not None:
        parts.append(
            f"<p>Canaries{_source(canary, eval_id)}: {len(canary['reproduced'])} of {canary['n_probed']} "
            f"reproduced; {len(canary['in_generated_answers'])} found in generated answers.</p>"
        )
    return "".join(parts)


def gate_section(verdict: GateVerdict) -> str:
    """The release gate's criteria and verdict."""
    word = "<span class='pass'>PASS</span>" if verdict.passed else "<span class='fail'>REFUSED</span>"
    rows = [[c.name, "pass" if c.passed else "FAIL", c.detail] for c in verdict.criteria]
    return f"<h2>Release gate: {word}</h2>" + _table(["criterion", "result", "detail"], rows)


def render_report(
    run_id: str,
    ev: Evaluation | None,
    stats: dict | None,
    facts: GateFacts,
    verdict: GateVerdict,
    policy: ReleaseGatePolicy,
    run_dir: Path | None,
    dataset_stats: dict | None,
) -> str:
    """The whole HTML document."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = (
        f"<h1>Validation report: run {escape(run_id)}</h1><p class='muted'>evaluation "
        f"{escape(ev.id if ev else 'none')} · dataset {escape(ev.dataset if ev else 'n/a')} · {when}</p>"
    )
    body = [
        head,
        gate_section(verdict),
        ratings_section(stats),
        training_section(run_dir),
        dataset_section(ev.dataset if ev else None, dataset_stats),
        probes_section(facts.probes, policy, ev.id if ev else None),
    ]
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>lima-kit report {escape(run_id)}"
        f"</title><style>{CSS}</style></head><body>{''.join(body)}</body></html>"
    )


def build_report(
    ws,
    actor: Actor,
    run_id: str,
    output: str | Path | None = None,
    policy: ReleaseGatePolicy | str | Path | None = None,
    source: LineageSource | None = None,
) -> Path:
    """Write the report for ``run_id`` (default ``evals/<eval id>/report.html``) and return its path."""
    require_role(actor, *REPORT_ROLES)
    source = source or KitLineage()
    policy = gate_policy_for(ws, policy)
    ev = latest_evaluation(ws, run_id)
    stats = evaluation_stats(ws, ev.id) if ev and stored_ratings(ws, ev.id) else None
    verdict, facts = assess(ws, run_id, policy, source)
    try:
        run_dir = Path(source.run(ws, run_id).run_dir)
        dataset_stats = source.dataset_stats(ws, run_id)
    except KitError:  # the run or its dataset is gone: report what the evaluation holds
        run_dir, dataset_stats = None, None
    html = render_report(run_id, ev, stats, facts, verdict, policy, run_dir, dataset_stats)
    path = Path(output) if output else Path(ws.evals_dir) / (ev.id if ev else f"no-eval-{run_id}") / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, html)
    ws.audit().append(
        actor, "eval.report", run_id, eval_id=ev.id if ev else None, path=path.name, verdict=verdict.passed
    )
    return path
