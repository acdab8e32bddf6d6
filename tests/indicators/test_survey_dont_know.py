"""Indicator 7 without "Don't know" in the base (wres-domain.md §10 #9) recognises the answer however a question
map spells it: a typographic apostrophe or other capitals must not silently keep it in the base."""

from __future__ import annotations

import pytest

from wres.config import config_from_mapping
from wres.indicators.survey import _items_for


@pytest.mark.parametrize("label", ["Don't know", "Don\u2019t know", "DON'T KNOW", " don\u2018t know "])
def test_dont_know_leaves_the_base_whatever_its_spelling(label: str) -> None:
    config = config_from_mapping(
        {
            "survey": {
                "i7_dont_know_in_base": False,
                "question_map": {"2023": {"i7": {"items": ["Q15"], "adverse": ["Yes"], "valid": ["Yes", "No", label]}}},
            }
        }
    )
    items = _items_for(config, 2023)
    assert items is not None
    assert items["i7"].valid == ("Yes", "No")


def test_dont_know_stays_in_the_base_by_default() -> None:
    config = config_from_mapping(
        {
            "survey": {
                "question_map": {
                    "2023": {"i7": {"items": ["Q15"], "adverse": ["Yes"], "valid": ["Yes", "No", "Don\u2019t know"]}}
                }
            }
        }
    )
    items = _items_for(config, 2023)
    assert items is not None
    assert items["i7"].valid == ("Yes", "No", "Don\u2019t know")
