"""The public policy: defaults from configuration, validation, metadata and footnote (methods.md §11.2)."""

from __future__ import annotations

import json

import pytest

from wres.config import DEFAULT_CONFIG, config_from_mapping
from wres.disclosure import DEFAULT_POLICY, FOOTNOTE, MARKER, ROUNDED_STATISTICS_NOTE, V1_POLICY, DisclosurePolicy


def test_default_policy_is_public_v2_from_the_configuration() -> None:
    # methods.md §11.2: v2 is the default; board exempt; width 4; the audit's attacker knows [c] >= 1, is not told
    # which [c] are primary, and statistics pin no counts (they are computed from the rounded counts)
    policy = DisclosurePolicy.from_config(DEFAULT_CONFIG.disclosure)
    assert policy == DEFAULT_POLICY
    assert (policy.policy_id, policy.suppress_min, policy.suppress_max, policy.rounding_base) == ("public-v2", 1, 7, 5)
    assert (policy.version, policy.show_zeros, policy.national_exempt, policy.indicator9_exempt) == (
        "2.0",
        True,
        True,
        True,
    )
    assert policy.protection_width == 4
    assert (policy.derived_pins_counts, policy.audit_nonzero, policy.audit_prior) == (False, True, "none")
    assert policy.statistics_from_published
    assert not policy.greedy_secondary


def test_public_v1_keeps_its_attacker_and_rules() -> None:
    assert (V1_POLICY.version, V1_POLICY.derived_pins_counts, V1_POLICY.audit_nonzero) == ("1.0", True, False)
    assert V1_POLICY.audit_prior == "target"
    assert V1_POLICY.greedy_secondary
    assert not V1_POLICY.statistics_from_published
    assert V1_POLICY.statistics_note is None


@pytest.mark.parametrize(
    ("low", "high", "protected"),
    [(1, 4, True), (1, 3, False), (1.5, 4.5, False), (0.9, 3.9, False), (5, float("inf"), True)],
)
def test_protection_counts_integers_in_the_range(low: float, high: float, protected: bool) -> None:
    # §11.4: protected when the range holds at least 4 integers
    assert DEFAULT_POLICY.protects(low, high) is protected


def test_configuration_overrides_reach_the_policy() -> None:
    cfg = config_from_mapping(
        {"disclosure": {"policy": "public-v1", "suppress_max": 9, "exempt_board": False, "show_zeros": False}}
    )
    policy = DisclosurePolicy.from_config(cfg.disclosure)
    assert (policy.policy_id, policy.suppress_max, policy.indicator9_exempt, policy.show_zeros) == (
        "public-v1",
        9,
        False,
        False,
    )


@pytest.mark.parametrize(("value", "primary"), [(0, False), (1, True), (4, True), (7, True), (8, False), (100, False)])
def test_counts_one_to_seven_are_primary(value: int, primary: bool) -> None:
    assert DEFAULT_POLICY.is_primary(value) is primary


def test_zeros_are_suppressed_only_when_configured() -> None:
    assert not DEFAULT_POLICY.is_primary(0)
    assert DisclosurePolicy(show_zeros=False).is_primary(0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"policy_id": "public-v3"}, "unknown disclosure policy"),
        ({"suppress_min": 0}, "suppress_min"),
        ({"suppress_min": 5, "suppress_max": 4}, "suppress_min"),
        ({"rounding_base": 0}, "rounding_base"),
        ({"protection_width": 0}, "protection_width"),
        ({"audit_prior": "everyone"}, "audit_prior"),
        ({"suppress_min": 1, "suppress_max": 1, "rounding_base": 10}, "round to 0"),  # 2 would show as 0
    ],
)
def test_invalid_policies_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DisclosurePolicy(**kwargs)  # type: ignore[arg-type]


def test_metadata_records_policy_version_and_every_parameter() -> None:
    meta = DEFAULT_POLICY.as_metadata()
    json.dumps(meta)
    assert meta["policy"] == "public-v2"
    assert meta["version"] == DEFAULT_POLICY.version == "2.0"
    assert meta["marker"] == MARKER == "[c]"
    assert meta["parameters"]["suppress_max"] == 7
    assert meta["parameters"]["rounding_base"] == 5
    assert meta["parameters"]["exempt_board"] is True
    assert "derived_pins_counts" in meta["parameters"]


def test_footnote_explains_marker_suppression_and_rounding() -> None:
    assert FOOTNOTE.startswith("[c]")
    for text in ("1 to 7", "nearest 5", "Zeros are shown", "public-v2", ROUNDED_STATISTICS_NOTE):
        assert text in FOOTNOTE
    assert "unrounded" in V1_POLICY.footnote()
    assert "primary" not in FOOTNOTE
    assert "secondary" not in FOOTNOTE
    assert "nearest" not in DisclosurePolicy(rounding_base=1).footnote()
