"""Making Data Count statistical process control: XmR charts with the NHS rules, reproducing NHSRplotthedots
(methods.md §8; the reference algorithm and oracle cases are in tests/reference/spc/).

Modules, one job each: :mod:`.limits` (mean, screened moving range, process and near limits), :mod:`.rules` (one
function per special-cause rule and their precedence), :mod:`.point_types` (improvement direction → point type),
:mod:`.icons` (variation and assurance icons with their text labels, point colours), :mod:`.segments` (rebasing,
trial limits) and :mod:`.series` (the entry point :func:`xmr`).
"""

from __future__ import annotations

from wres.analysis.spc.series import RULE_SET, XmrResult, xmr

__all__ = ["RULE_SET", "XmrResult", "xmr"]
