"""Compliance review of redactions: detection, queue, propagation, sampled QA, sign-off.

Detection over the workspace, the risk-ordered review queue, propagation of reviewer decisions through the
encrypted deny- and allow-lists, sampled QA with a residual-PHI bound, anonymization and the immutable
sign-off. Other stages use :mod:`kit.review.api`; see docs/review.md.
"""
