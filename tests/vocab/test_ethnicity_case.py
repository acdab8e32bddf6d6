"""Lower-case and mixed-case ESR values parse as the upper-case ones do (issue 13; wres-domain.md §3.3 rule 5).

The ESR "Ethnic Origin" texts below are typed in from ESR exports, independently of the parser and of the
synthetic generator: each is the code token, then the Data Dictionary label.
"""

from __future__ import annotations

import pytest

from wres.vocab import ParseStatus, parse_ethnicity

# ESR value → (national code, status), as §3.3 reads the upper-case form.
ESR_VALUES: dict[str, tuple[str, ParseStatus]] = {
    "A White - British": ("A", ParseStatus.CODE),
    "B White - Irish": ("B", ParseStatus.CODE),
    "C White - Any other White background": ("C", ParseStatus.CODE),
    "C3 White Unspecified": ("C", ParseStatus.CODE),
    "CY White Other European": ("C", ParseStatus.CODE),
    "D Mixed - White & Black Caribbean": ("D", ParseStatus.CODE),
    "E Mixed - White & Black African": ("E", ParseStatus.CODE),
    "F Mixed - White & Asian": ("F", ParseStatus.CODE),
    "G Mixed - Any other mixed background": ("G", ParseStatus.CODE),
    "H Asian or Asian British - Indian": ("H", ParseStatus.CODE),
    "J Asian or Asian British - Pakistani": ("J", ParseStatus.CODE),
    "K Asian or Asian British - Bangladeshi": ("K", ParseStatus.CODE),
    "L Asian or Asian British - Any other Asian background": ("L", ParseStatus.CODE),
    "LK Asian Kashmiri": ("L", ParseStatus.CODE),
    "M Black or Black British - Caribbean": ("M", ParseStatus.CODE),
    "N Black or Black British - African": ("N", ParseStatus.CODE),
    "P Black or Black British - Any other Black background": ("P", ParseStatus.CODE),
    "R Chinese": ("R", ParseStatus.CODE),
    "S Any Other Ethnic Group": ("S", ParseStatus.CODE),
    "T White - Gypsy or Irish Traveller": ("T", ParseStatus.CODE),
    "Z Not Stated": ("Z", ParseStatus.NOT_STATED),
    "99 Not Known": ("99", ParseStatus.NOT_KNOWN),
}


def _cases(value: str) -> list[str]:
    """The value lower-cased, upper-cased, swapped, title-cased and with only its code token lower-cased."""
    token, _, rest = value.partition(" ")
    return [value.lower(), value.upper(), value.swapcase(), value.title(), f"{token.lower()} {rest}"]


@pytest.mark.parametrize("value", ESR_VALUES)
def test_upper_case_esr_value_reads_as_documented(value: str) -> None:
    parsed = parse_ethnicity(value)
    assert (parsed.code, parsed.status) == ESR_VALUES[value]


@pytest.mark.parametrize(("value", "variant"), [(v, c) for v in ESR_VALUES for c in _cases(v)])
def test_any_case_esr_value_reads_as_the_upper_case_one(value: str, variant: str) -> None:
    parsed = parse_ethnicity(variant)
    assert (parsed.code, parsed.status) == ESR_VALUES[value], variant


def test_issue_example() -> None:
    parsed = parse_ethnicity("n black or black british - african")
    assert (parsed.code, parsed.canonical_code, parsed.wres_group, parsed.status) == ("N", "N", "BME", "code")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("a black african", ParseStatus.CONFLICT),  # the consistency check applies to lower-case tokens too
        ("no answer", ParseStatus.UNRECOGNISED),  # not read as code N
        ("f", ParseStatus.UNRECOGNISED),  # a bare lower-case letter is not a code (f/m is a gender column)
        ("m", ParseStatus.UNRECOGNISED),
        ("a", ParseStatus.UNRECOGNISED),
        ("s something", ParseStatus.UNRECOGNISED),  # a lower-case letter needs its label to follow
    ],
)
def test_lower_case_tokens_are_not_guessed(value: str, status: ParseStatus) -> None:
    assert parse_ethnicity(value).status == status
