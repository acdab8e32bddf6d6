"""The generator's settings: :class:`SynthConfig`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from wres.errors import WresError
from wres.synth.profiles import PROFILES

SurveyRates = tuple[float, float]
"""(White, BME) share of respondents giving the adverse / "yes" answer."""


@dataclass(frozen=True)
class SynthConfig:
    """What to generate. Every figure has a realistic national default (wres-domain.md §8).

    * ``profile`` — ``"national"`` (organisations spread over the seven NHS England regions) or one region:
      ``"london"``, ``"south-west"``, ``"south-east"``, ``"east"``, ``"midlands"``, ``"north-west"``,
      ``"north-east-yorkshire"``.
    * ``n_orgs``, ``size`` — number of organisations and their mean headcount (bank-only people included).
    * ``first_year`` … ``last_year`` — WRES years: staff snapshots on 31 March of each, activity years
      1 April Y−1 – 31 March Y, staff surveys in the autumn of Y−1.
    * ``bme_share`` — BME share of the workforce in ``last_year`` (None: the profile's own share; national
      28%, London about 50%, South West about 15%). Earlier years are about a point a year lower.
    * Ratios as defined by the indicators: ``appointment_ratio`` (indicator 2, White ÷ BME),
      ``disciplinary_ratio`` (indicator 3, BME ÷ White), ``training_ratio`` (indicator 4, White ÷ BME) and
      ``promotion_ratio`` (White ÷ BME likelihood of promotion one band up, within a band).
    * ``survey_ind5`` … ``survey_ind8`` — (White, BME) rates for indicators 5–8.
    * ``monthly`` — also write staff-in-post snapshots on the last day of every month between the first and
      the last 31 March (off by default; the 31 March rows are the same either way). About twelve times the
      staff rows: meant for a few organisations (SPC demos and tests), not a national run.
    * ``effect_month`` (``"YYYY-MM"``), ``effect_factor`` — a known effect for demos and SPC tests: from the
      first day of that month, BME staff weigh ``effect_factor`` times as much as before in the draw for
      promotion into bands 8a, 8b, 8c, 8d, 9 and VSM, so the BME likelihood of promotion into band 8a and
      above rises by that factor (relative to White) and the BME share at 8a and above moves up from that
      month. None (default): no effect. The month must fall after 31 March ``first_year`` and no later than
      March ``last_year``.

    * ``pay_gap_within`` — the known ethnic pay gap within band, as a fraction: BME staff are paid ``1 −
      pay_gap_within`` times what White staff at the same position in the same band are paid (default 0.02, a 2%
      gap within every band; :mod:`wres.synth.pay`). Written to the manifest only when not the default.

    With ``monthly`` off and no ``effect_month`` the output is byte-for-byte what it was before these options
    existed (:meth:`to_dict` leaves them out, so the manifest is unchanged too), apart from the staff table's pay
    columns, added later from a random stream of their own (ADR 0018).
    """

    profile: str = "national"
    n_orgs: int = 1
    first_year: int = 2022
    last_year: int = 2026
    seed: int = 1
    size: int = 6500
    bme_share: float | None = None
    appointment_ratio: float = 1.55
    disciplinary_ratio: float = 1.20
    training_ratio: float = 1.00
    promotion_ratio: float = 1.25
    unknown_share: float = 0.03
    leaver_rate: float = 0.11
    growth_rate: float = 0.02
    survey_ind5: SurveyRates = (0.27, 0.29)
    survey_ind6: SurveyRates = (0.21, 0.25)
    survey_ind7: SurveyRates = (0.59, 0.49)
    survey_ind8: SurveyRates = (0.07, 0.16)
    survey_response_rate: float = 0.45
    board_size: int = 14
    monthly: bool = False
    effect_month: str | None = None
    effect_factor: float = 2.0
    pay_gap_within: float = 0.02

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.profile not in PROFILES:
            problems.append(f"profile {self.profile!r} is not one of {', '.join(PROFILES)}")
        if not 1 <= self.n_orgs <= 999:
            problems.append("n_orgs must be between 1 and 999")
        if not 1990 <= self.first_year <= self.last_year <= 2100:
            problems.append("need 1990 <= first_year <= last_year <= 2100")
        if not 200 <= self.size <= 100_000:
            problems.append("size must be between 200 and 100000")
        if self.bme_share is not None and not 0.01 <= self.bme_share <= 0.95:
            problems.append("bme_share must be between 0.01 and 0.95")
        for name in ("appointment_ratio", "disciplinary_ratio", "training_ratio", "promotion_ratio"):
            value = getattr(self, name)
            if not 0.2 <= value <= 5.0:
                problems.append(f"{name} must be between 0.2 and 5")
        if not 0.0 <= self.unknown_share <= 0.5:
            problems.append("unknown_share must be between 0 and 0.5")
        if not 0.01 <= self.leaver_rate <= 0.4:
            problems.append("leaver_rate must be between 0.01 and 0.4")
        if not -0.05 <= self.growth_rate <= 0.15:
            problems.append("growth_rate must be between -0.05 and 0.15")
        for name in ("survey_ind5", "survey_ind6", "survey_ind7", "survey_ind8"):
            rates = getattr(self, name)
            if len(rates) != 2 or not all(0.0 < r < 1.0 for r in rates):
                problems.append(f"{name} must be two rates (White, BME) strictly between 0 and 1")
        if not 0.05 <= self.survey_response_rate <= 0.95:
            problems.append("survey_response_rate must be between 0.05 and 0.95")
        if not 6 <= self.board_size <= 30:
            problems.append("board_size must be between 6 and 30")
        if not 0.0 <= self.pay_gap_within <= 0.5:
            problems.append("pay_gap_within must be between 0 and 0.5")
        problems.extend(self._effect_problems())
        if problems:
            raise WresError("invalid synthetic-data settings: " + "; ".join(problems))

    def _effect_problems(self) -> list[str]:
        if not 0.2 <= self.effect_factor <= 10.0:
            return ["effect_factor must be between 0.2 and 10"]
        if self.effect_month is None:
            return []
        try:
            start = self.effect_start
        except ValueError:
            return [f"effect_month must be a month written YYYY-MM, not {self.effect_month!r}"]
        assert start is not None
        if not date(self.first_year, 4, 1) <= start <= date(self.last_year, 3, 1):
            return [
                f"effect_month must lie between {self.first_year}-04 and {self.last_year}-03 "
                f"(after the first 31 March snapshot, no later than the last activity year)"
            ]
        return []

    @property
    def effect_start(self) -> date | None:
        """The first day of ``effect_month`` (None when there is no effect); ValueError if it is malformed."""
        if self.effect_month is None:
            return None
        text = self.effect_month.strip()
        if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
            raise ValueError(text)
        return date(int(text[:4]), int(text[5:]), 1)

    @property
    def years(self) -> tuple[int, ...]:
        """The WRES years, ``first_year`` to ``last_year``."""
        return tuple(range(self.first_year, self.last_year + 1))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        # The monthly and effect options appear only when used, so a run without them has the same manifest.
        if not self.monthly:
            del out["monthly"]
        if self.effect_month is None:
            del out["effect_month"], out["effect_factor"]
        if self.pay_gap_within == SynthConfig.pay_gap_within:
            del out["pay_gap_within"]
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = list(value)
        return out
