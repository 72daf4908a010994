"""The report's figures, each returned as a base64 PNG (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import base64
import io

WIN, TIE, LOSS = "#2e7d32", "#9e9e9e", "#c62828"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def to_base64_png(fig) -> str:
    """Encode and close a figure."""
    plt = _pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def win_tie_loss_bars(pairs: list[dict]) -> str:
    """LIMA Figure 1 style: one stacked bar per pair (first system wins / tie / loses), 95% CIs as whiskers."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 0.8 + 0.7 * len(pairs)))
    labels = [f"{p['systems'][0]}\nvs {p['systems'][1]}" for p in pairs]
    for row, pair in enumerate(pairs):
        win, tie, loss = pair["win"], pair["tie"], pair["loss"]
        ax.barh(row, win, color=WIN, label="wins" if row == 0 else None)
        ax.barh(row, tie, left=win, color=TIE, label="tie" if row == 0 else None)
        ax.barh(row, loss, left=win + tie, color=LOSS, label="loses" if row == 0 else None)
        for x, (low, high) in ((win, pair["ci95"]["win"]), (win + tie, pair["ci95"]["win_or_tie"])):
            ax.errorbar(x, row, xerr=[[x - low], [high - x]], fmt="none", ecolor="black", capsize=4, lw=1)
        for left, width in ((0, win), (win, tie), (win + tie, loss)):
            if width >= 8:
                ax.text(left + width / 2, row, f"{width:.0f}%", ha="center", va="center", color="white", fontsize=9)
    ax.set_yticks(range(len(pairs)), labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of ratings (whiskers: 95% bootstrap CI of win and of win+tie)")
    ax.invert_yaxis()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(pairs) < 3 else -0.15), ncol=3, frameon=False)
    return to_base64_png(fig)


def agreement_bars(agreement: dict) -> str:
    """Tie-discounted agreement, Cohen's kappa and Krippendorff's alpha (missing ones are left out)."""
    plt = _pyplot()
    names = {
        "tie_discounted": "tie-discounted\nagreement",
        "cohens_kappa": "Cohen's kappa",
        "krippendorff_alpha": "Krippendorff's\nalpha",
    }
    shown = [(label, agreement[key]) for key, label in names.items() if agreement.get(key) is not None]
    fig, ax = plt.subplots(figsize=(5, 2.6))
    if shown:
        ax.bar([s[0] for s in shown], [s[1] for s in shown], color="#1565c0", width=0.5)
        for i, (_, value) in enumerate(shown):
            ax.text(i, value + 0.03 if value >= 0 else value - 0.08, f"{value:.2f}", ha="center", fontsize=9)
    else:
        ax.text(
            0.5,
            0.5,
            agreement.get("reason") or "no agreement measured",
            ha="center",
            va="center",
            wrap=True,
            fontsize=9,
            transform=ax.transAxes,
        )
    ax.set_ylim(min(-0.2, *(s[1] - 0.1 for s in shown)) if shown else 0, 1.1)
    ax.axhline(0, color="black", lw=0.6)
    ax.set_title(f"Inter-rater agreement ({agreement.get('n_overlap_items', 0)} overlapping items)", fontsize=10)
    return to_base64_png(fig)


def loss_curve(train: list[tuple[float, float]], validation: list[tuple[float, float]]) -> str:
    """Training loss per step (and validation loss per epoch when logged)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 3))
    if train:
        ax.plot(*zip(*train), label="train loss", color="#1565c0")
    if validation:
        ax.plot(*zip(*validation), "o-", label="validation loss", color="#ef6c00")
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss")
    ax.legend(frameon=False)
    ax.grid(alpha=0.3)
    return to_base64_png(fig)


def count_bars(title: str, counts: dict[str, float]) -> str:
    """A horizontal bar per key (dataset categories, sources, findings by entity...)."""
    plt = _pyplot()
    items = sorted(counts.items(), key=lambda kv: -kv[1])[:20]
    fig, ax = plt.subplots(figsize=(6, 0.6 + 0.3 * len(items)))
    ax.barh([str(k) for k, _ in items], [v for _, v in items], color="#6a1b9a")
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10)
    return to_base64_png(fig)


def overlap_histogram(ratios: list[float], limit: float) -> str:
    """Memorization probe: distribution of the longest-verbatim-run share, with the gate's limit."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.hist(ratios, bins=[i / 20 for i in range(21)], color="#00838f")
    ax.axvline(limit, color=LOSS, ls="--", label=f"gate limit {limit:g}")
    ax.set_xlabel("longest verbatim run / rest of training response")
    ax.set_ylabel("examples")
    ax.legend(frameon=False)
    return to_base64_png(fig)
