"""Validation: generation, blind pairwise rating, statistics, privacy probes, release gate, report.

Library first: every CLI command (`kit eval ...`, `kit release`, `kit report`) and UI page calls one
function from the modules here. See docs/evaluation.md.
"""
