"""Who is compared with whom: the population (wres-domain.md §7.1 "Population", unconfirmed, so configurable) and
the ethnic groups of a pay gap table (§3.4 groupings, White or White British as the reference group).

Populations (``population``):

* ``in_post`` (default): everyone in the 31 March staff snapshot with an hourly pay recorded (bank-only workers
  and every contract included when paid): "all staff in post with pay at 31 March", the nearest the canonical
  tables come to the gender pay gap regulations' "relevant employees" paid in the pay period containing the
  snapshot date (the public sector gender pay gap regulations, the Equality Act 2010 (Specific Duties and Public
  Authorities) Regulations 2017);
* ``wres``: the WRES staff population (§4.4: bank-only workers and honorary contracts excluded), with pay;
* ``substantive``: substantive and fixed-term contracts only, with pay.

Groupings (``grouping``) and reference (``reference``):

* ``wres``: White (the reference) and BME; with ``white-british`` the reference is White British and the other
  White staff are a group of their own ("White other than British");
* ``ethnicity5``: the 5-group (§3.4); ``ethnicity9``: the 9-group. The reference group's members form the
  reference (all White categories, or White British only), every other known group is compared with it, and an
  all-BME row comes first in every grouping.

Unknown ethnicity (Z, 99; in the 5- and 9-group also the group-only "BME") is in no compared group: it counts in
the population, the quartiles and the disclosure rate.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from wres.vocab.ethnicity import CATEGORIES, GROUP5, GROUP9, WresGroup

__all__ = [
    "ALL_BME",
    "GROUPINGS",
    "POPULATIONS",
    "REFERENCES",
    "UNKNOWN",
    "GroupLabels",
    "group_labels",
    "in_population",
]

GROUPINGS: Final = ("wres", "ethnicity5", "ethnicity9")
REFERENCES: Final = ("white", "white-british")
POPULATIONS: Final = ("in_post", "wres", "substantive")
UNKNOWN: Final = "Unknown"
ALL_BME: Final = "BME"
WHITE_BRITISH: Final = "White British"
WHITE_OTHER: Final = "White other than British"
REFERENCE_LABEL: Final = {"white": "White", "white-british": WHITE_BRITISH}


def in_population(frame: pd.DataFrame, population: str) -> np.ndarray:
    """Boolean mask of the snapshot rows in ``population`` (see the module docstring); rows without a positive
    hourly pay are never in it."""
    if population not in POPULATIONS:
        raise ValueError(f"population must be one of {', '.join(POPULATIONS)}, not {population!r}")
    pay = pd.to_numeric(frame["hourly_pay"], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    paid: np.ndarray = np.isfinite(pay) & (pay > 0)
    if population == "in_post":
        return np.asarray(paid, dtype=bool)
    contract = frame["contract"].astype("str").to_numpy(dtype=object)
    if population == "substantive":
        return np.asarray(paid & np.isin(contract, ["substantive", "fixed_term"]), dtype=bool)
    bank_only = frame["bank_only"].fillna(False).to_numpy(dtype=bool)
    return np.asarray(paid & ~bank_only & (contract != "honorary"), dtype=bool)


class GroupLabels:
    """Each person's group label in a grouping, the reference group, and the groups compared with it, in order.

    Attributes:
        labels: per person, the label of their group in the grouping (the reference label for the reference group,
            ``Unknown`` when not known in this grouping).
        bme: per person, in the WRES BME group (for the all-BME row).
        reference: the reference group's label ("White" or "White British").
        compared: the labels compared with the reference, all-BME first, then the grouping's order (every label of
            the grouping is listed, with or without members: a group with none is reported as "no members").
        partition: every label a person can have (compared groups but all-BME, the reference, Unknown): the cells
            of the counts table, which add up to the population.
    """

    def __init__(self, codes: np.ndarray, grouping: str, reference: str) -> None:
        if grouping not in GROUPINGS:
            raise ValueError(f"grouping must be one of {', '.join(GROUPINGS)}, not {grouping!r}")
        if reference not in REFERENCES:
            raise ValueError(f"reference must be one of {', '.join(REFERENCES)}, not {reference!r}")
        self.reference = REFERENCE_LABEL[reference]
        lookup: dict[str, str] = {}
        order: list[str]
        if grouping == "wres":
            order = ["White", ALL_BME]
        elif grouping == "ethnicity5":
            order = [g for g in GROUP5 if g != UNKNOWN]
        else:
            order = [g for g in GROUP9 if g != UNKNOWN]
        for code, cat in CATEGORIES.items():
            if grouping == "wres":
                label = {WresGroup.WHITE: "White", WresGroup.BME: ALL_BME}.get(cat.wres_group, UNKNOWN)
            elif grouping == "ethnicity5":
                label = cat.group5
            else:
                label = cat.group9
            if cat.wres_group is WresGroup.WHITE:
                if reference == "white":
                    label = "White"
                elif code == "A":
                    label = WHITE_BRITISH
                elif grouping != "ethnicity9":
                    label = WHITE_OTHER
            lookup[code] = label
        white_labels = [g for g in order if g in ("White", WHITE_BRITISH, "White Irish", "White Other")]
        others = [g for g in order if g not in white_labels and g != ALL_BME]
        if reference == "white":
            whites: list[str] = []
        elif grouping == "ethnicity9":
            whites = ["White Irish", "White Other"]
        else:
            whites = [WHITE_OTHER]
        self.compared: tuple[str, ...] = (ALL_BME, *whites, *others)
        self.partition: tuple[str, ...] = (
            (self.reference, *whites, ALL_BME, UNKNOWN)
            if grouping == "wres"
            else (self.reference, *whites, *others, UNKNOWN)
        )
        text = pd.Series(codes, dtype="str").fillna("99").to_numpy(dtype=object)
        self.labels = np.array([lookup.get(c, UNKNOWN) for c in text], dtype=object)
        self.bme = np.array([c in CATEGORIES and CATEGORIES[c].wres_group is WresGroup.BME for c in text], dtype=bool)
        self.known_wres = np.array(
            [c in CATEGORIES and CATEGORIES[c].wres_group is not WresGroup.UNKNOWN for c in text], dtype=bool
        )

    def members(self, label: str) -> np.ndarray:
        """Boolean mask of the members of ``label`` (all-BME: every WRES BME person)."""
        if label == ALL_BME:
            return self.bme
        return np.asarray(self.labels == label, dtype=bool)

    def disclosure_rate(self, label: str) -> float:
        """The share of the population whose ethnicity is known for this comparison (nan for an empty population):
        known in the WRES grouping for the all-BME row, known in the grouping for a disaggregated group."""
        n = len(self.labels)
        if n == 0:
            return float("nan")
        known = self.known_wres if label in (ALL_BME, WHITE_OTHER) else self.labels != UNKNOWN
        return float(np.count_nonzero(known)) / n


def group_labels(codes: np.ndarray, grouping: str, reference: str) -> GroupLabels:
    """The :class:`GroupLabels` of canonical ethnic codes ``codes`` (see the module docstring)."""
    return GroupLabels(codes, grouping, reference)
