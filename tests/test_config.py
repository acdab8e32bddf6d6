"""Configuration: documented defaults, TOML overrides, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wres.config import DEFAULT_CONFIG, config_from_mapping, load_config
from wres.errors import WresError
from wres.indicators import compute, from_store
from wres.store import Store


def test_defaults_follow_the_domain_document() -> None:
    assert DEFAULT_CONFIG.indicator3.form == "rolling"
    assert (DEFAULT_CONFIG.ranges.low, DEFAULT_CONFIG.ranges.high) == (0.80, 1.25)
    assert DEFAULT_CONFIG.quality.unknown_warning == 0.10
    assert DEFAULT_CONFIG.survey.question_map[2023]["i6"].items == ("Q14b", "Q14c")
    assert DEFAULT_CONFIG.survey.question_map[2019]["i5"].items == ("Q13a",)
    assert DEFAULT_CONFIG.ethnicity.chinese_in_5group == "Other"
    json.dumps(DEFAULT_CONFIG.as_metadata())  # every setting can be recorded in output metadata


def test_file_overrides(tmp_path: Path) -> None:
    path = tmp_path / "wres.toml"
    path.write_text(
        '[indicator3]\nform = "single_year"\n[ranges]\nlow = 0.75\n'
        '[survey.question_map.2026]\ni8 = { items = ["Q17b"] }\n'
        '[staff]\nclass_overrides = { "Students" = "non_clinical" }\n'
    )
    cfg = load_config(path)
    assert cfg.indicator3.form == "single_year"
    assert cfg.ranges.low == 0.75
    assert cfg.survey.question_map[2026]["i8"].items == ("Q17b",)
    assert cfg.survey.question_map[2026]["i8"].adverse == ("Yes",)  # inherited from the latest year
    assert cfg.staff.class_overrides == {"Students": "non_clinical"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[indicatr3]\nform = 'rolling'\n", "unknown section [indicatr3]"),
        ("[indicator3]\nshape = 'rolling'\n", "unknown key 'shape'"),
        ("[indicator3]\nform = 'triple'\n", "must be one of"),
        ("[ranges]\nlow = 'low'\n", "must be a number"),
        ("[ranges]\nlow = 1.5\n", "0 < low < high"),
        ("[staff]\nexclude_honorary = 'yes'\n", "must be true or false"),
        ("[staff]\nclass_overrides = { Students = 'sometimes' }\n", "class_overrides"),
        ("[survey.question_map.next]\ni5 = { items = ['Q1'] }\n", "is not a year"),
        ("[disclosure]\npolicy = 'public-v3'\n", "must be one of 'public-v2', 'public-v1'"),
        ("[disclosure]\nsuppress_min = 8\n", "suppress_min <= suppress_max"),
        ("[disclosure]\nsuppress_max = 7.5\n", "must be a whole number"),
        ("[disclosure]\nrounding_base = 0\n", "rounding_base must be at least 1"),
        ("[disclosure]\nprotection_width = 0\n", "protection_width must be at least 1"),
        ("[disclosure]\nsuppress_max = 2\nrounding_base = 10\n", "too small for rounding_base"),
        ("[disclosure]\nshow_zeros = 'no'\n", "must be true or false"),
        ("not toml at all [", "not a valid TOML"),
    ],
)
def test_bad_files_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "wres.toml"
    path.write_text(text)
    with pytest.raises(WresError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_disclosure_defaults_and_overrides(tmp_path: Path) -> None:
    d = DEFAULT_CONFIG.disclosure
    # methods.md §11.2: public-v2 is the default, with a protection width of 4 and the board exempt
    assert (d.policy, d.suppress_min, d.suppress_max, d.rounding_base) == ("public-v2", 1, 7, 5)
    assert d.show_zeros
    assert d.protection_width == 4
    assert d.national_exempt
    assert d.exempt_board
    assert d.indicator9_exempt
    assert DEFAULT_CONFIG.as_metadata()["disclosure"]["exempt_board"] is True
    path = tmp_path / "wres.toml"
    path.write_text(
        "[disclosure]\npolicy = 'public-v1'\nexempt_board = false\nrounding_base = 10\nsuppress_max = 9.0\n"
    )
    cfg = load_config(path).disclosure
    assert cfg.policy == "public-v1"
    assert not cfg.exempt_board
    assert not cfg.indicator9_exempt
    assert cfg.rounding_base == 10
    assert cfg.suppress_max == 9
    assert isinstance(cfg.suppress_max, int)


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WresError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_staff_group_override_changes_indicator1_category(worked_store: Store) -> None:
    cfg = config_from_mapping({"staff": {"class_overrides": {"Nursing and Midwifery Registered": "non_clinical"}}})
    default = compute(from_store(worked_store), [2024]).frame
    overridden = compute(from_store(worked_store), [2024], config=cfg).frame

    def categories(frame: object) -> set[str]:
        f = frame  # type: ignore[assignment]
        # every category has band rows (wres-domain.md §5.0, fixed rows); the ones with staff in them moved
        rows = f[(f.indicator == "1") & (f.breakdown == "band") & (f.n1 > 0)]  # type: ignore[index,attr-defined]
        return set(rows["category"]) - {"all"}

    assert categories(default) == {"clinical"}
    assert categories(overridden) == {"non_clinical"}
