"""Configuration: every documented default of wres-domain.md §10, overridable from a TOML file.

Unconfirmed rules are implemented with the stated default and kept configurable; every output records the
configuration it was computed with (:meth:`WresConfig.as_metadata`). A configuration file (``wres.toml``
in the working directory, ``$WRES_CONFIG``, or ``--config``) overrides any subset of keys, e.g.::

    [indicator3]
    form = "single_year"

    [indicator4]
    include_leavers = true

    [model_employer]
    target_year = 2030

    [survey.question_map.2024]
    i5 = { items = ["Q14a"], adverse = ["1-2", "3-5", "6-10", "More than 10"] }
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from wres.errors import WresError
from wres.vocab.bands import BANDS
from wres.vocab.staff_groups import StaffGroupConfig

HARASSMENT_ADVERSE = ("1-2", "3-5", "6-10", "More than 10")
HARASSMENT_VALID = ("Never", *HARASSMENT_ADVERSE)


@dataclass(frozen=True)
class SurveyItem:
    """How one survey indicator is read from that year's items (wres-domain.md §5.5–5.8).

    A respondent is *valid* when they gave a valid answer to at least one item, and *adverse* (the
    percentage reported) when they gave an adverse answer to at least one item.
    """

    items: tuple[str, ...]
    adverse: tuple[str, ...]
    valid: tuple[str, ...]


def _standard_year(i5: str, i6: tuple[str, str], i7: str, i8: str) -> dict[str, SurveyItem]:
    return {
        "i5": SurveyItem((i5,), HARASSMENT_ADVERSE, HARASSMENT_VALID),
        "i6": SurveyItem(i6, HARASSMENT_ADVERSE, HARASSMENT_VALID),
        "i7": SurveyItem((i7,), ("Yes",), ("Yes", "No", "Don't know")),
        "i8": SurveyItem((i8,), ("Yes",), ("Yes", "No")),
    }


def default_question_map() -> dict[int, dict[str, SurveyItem]]:
    """Survey-year question map (wres-domain.md §5.5–5.8; unconfirmed, hence configuration)."""
    out = {2019: _standard_year("Q13a", ("Q13b", "Q13c"), "Q14", "Q15b")}
    for year in range(2020, 2026):
        out[year] = _standard_year("Q14a", ("Q14b", "Q14c"), "Q15", "Q16b")
    return out


@dataclass(frozen=True)
class Indicator2Config:
    unit: str = "application"  # §10 #4 (unconfirmed)
    exclude_bank_posts: bool = False


@dataclass(frozen=True)
class Indicator3Config:
    form: str = "rolling"  # "rolling" (two-year, default) or "single_year"; §10 #2
    unit: str = "person"  # distinct people per activity year; §10 #3


@dataclass(frozen=True)
class Indicator4Config:
    # wres-domain.md §5.0 "Stable history": the numerator is people in the 31 March Y headcount; true also counts
    # people who accessed training and left during the year (then more accessing than in post is not a data error)
    include_leavers: bool = False


@dataclass(frozen=True)
class RangeConfig:
    low: float = 0.80  # non-adverse range for indicators 2–4 (§6.1, §10 #13)
    high: float = 1.25


@dataclass(frozen=True)
class QualityConfig:
    unknown_warning: float = 0.10  # completeness flag above this Unknown share (§3.5)
    low_count: int = 10  # methods.md §7
    small_base: int = 30


@dataclass(frozen=True)
class SurveyConfig:
    i7_dont_know_in_base: bool = True  # §10 #9
    question_map: Mapping[int, Mapping[str, SurveyItem]] = field(default_factory=default_question_map)


@dataclass(frozen=True)
class EthnicityOptions:
    chinese_in_5group: str = "Other"  # §10 #20
    local_codes: tuple[str, ...] = ()
    comparator: str = "White"  # disaggregated comparisons against all White staff


@dataclass(frozen=True)
class StaffOptions:
    exclude_honorary: bool = True  # §4.4, §10 #18
    # §4.4, recorded in metadata; applied at import (wres.ingest.transform)
    multiple_assignments: str = "substantive or fixed-term post first, then primary, then highest band"
    # §4.3, §10 #17: staff group → "clinical" / "non_clinical", and ESR occupation code → class
    class_overrides: Mapping[str, str] = field(default_factory=dict)
    occupation_class_map: Mapping[str, str] = field(default_factory=dict)

    def staff_group_config(self) -> StaffGroupConfig:
        return StaffGroupConfig(dict(self.class_overrides), dict(self.occupation_class_map))


_PANDAS_YEARS = (1678, 2261)  # the whole years a nanosecond pandas timestamp holds


@dataclass(frozen=True)
class IngestOptions:
    """What an import accepts as a plausible value (issue 13; wres-domain.md §3.3).

    * ``earliest_year``, ``latest_year``: a date outside these years is a reject (default 1900–2100).
    * ``earliest_survey_year``: a survey year before it, or after the year after today, is a reject.
    * ``min_known_ethnicity``: a mapped ethnicity column in which a smaller share of rows reads as a known
      ethnicity (White or BME) is refused unless confirmed (``wres import --accept-ethnicity-column``).
    * ``chunk_rows``: a CSV file of an event or list profile (recruitment, cases, learning, board, organisations)
      is read, mapped, pseudonymised and validated this many lines at a time, so that memory stays bounded
      whatever its size (issue 18); the result is the same as reading it whole.
    """

    earliest_year: int = 1900
    latest_year: int = 2100
    earliest_survey_year: int = 2000
    min_known_ethnicity: float = 0.5
    chunk_rows: int = 500_000

    def __post_init__(self) -> None:
        low, high = _PANDAS_YEARS
        if not low <= self.earliest_year <= self.latest_year <= high:
            raise ValueError(
                f"[ingest] needs {low} <= earliest_year <= latest_year <= {high} (the dates pandas can hold), not "
                f"earliest_year = {self.earliest_year}, latest_year = {self.latest_year}"
            )
        if self.chunk_rows < 1:
            raise ValueError(f"[ingest] chunk_rows must be at least 1, not {self.chunk_rows}")
        if not 0.0 <= self.min_known_ethnicity <= 1.0:
            raise ValueError(f"[ingest] min_known_ethnicity must be between 0 and 1, not {self.min_known_ethnicity}")


@dataclass(frozen=True)
class DisclosureConfig:
    """The public-tier disclosure policy (methods.md §11.2–11.4; wres-domain.md §10 #22–23; ADR 0013).

    ``policy`` is ``public-v2`` (the default from 2026-12: public statistics computed from the published, rounded
    counts; secondary suppression only where the audit finds a cell exposed) or ``public-v1`` (kept for
    comparison). Counts ``suppress_min``–``suppress_max`` are suppressed, other non-zero counts rounded to the
    nearest ``rounding_base``; a suppressed count of 1–7 is protected when an attacker's feasible range for it holds
    at least ``protection_width`` integers (§11.4). All-England aggregates are exempt by default, and so is the
    board (indicator 9) unless ``exempt_board = false``.
    """

    policy: str = "public-v2"
    suppress_min: int = 1
    suppress_max: int = 7
    rounding_base: int = 5
    show_zeros: bool = True
    protection_width: int = 4
    national_exempt: bool = True
    exempt_board: bool = True  # methods.md §11.2: board members are named public office holders

    @property
    def indicator9_exempt(self) -> bool:
        """The former name of ``exempt_board``."""
        return self.exempt_board


_MB = 1024 * 1024


@dataclass(frozen=True)
class ReaderLimits:
    """The largest raw extract ``wres import``, ``wres validate`` and the dashboard's uploads read (issue 13;
    ``[reader]`` in wres.toml; the reasons and defaults are in :mod:`wres.ingest.limits`, which applies them).

    Attributes:
        max_cell_chars: Longest value of one cell, in characters (CSV and XLSX).
        max_columns: Most cells in one row, the header's included (CSV and XLSX).
        max_rows: Most records (rows, blank ones included) in one file or worksheet.
        max_table_cells: Most cells in the table built from one file (its data rows times the columns read):
            what bounds the reader's memory, whatever the shape of the file.
        max_xlsx_bytes: Most bytes the parts of one XLSX workbook may decompress to, in all.
        max_xlsx_ratio: Largest ratio of a part's decompressed to its compressed size in an XLSX workbook.
    """

    max_cell_chars: int = _MB
    max_columns: int = 4096
    max_rows: int = 5_000_000
    max_table_cells: int = 100_000_000
    max_xlsx_bytes: int = 512 * _MB
    max_xlsx_ratio: float = 100.0


@dataclass(frozen=True)
class StoreOptions:
    """How wres waits for the store (``[store]`` in wres.toml; issue 13).

    * ``lock_wait_seconds``: DuckDB lets one process write a store while no other has it open, and an import
      holds the write lock while it commits. A command that finds the store locked retries for this long, then
      stops with one line saying so (:class:`wres.store.Store`).
    * ``memory_limit_mb``: the most memory DuckDB may hold while ``wres load`` and ``wres import`` validate, stage
      and load (issue 18); beyond it DuckDB writes to an owner-only temporary folder, removed when the store is
      closed. The process's peak is about this plus a few hundred MB.
    """

    lock_wait_seconds: float = 30.0
    memory_limit_mb: int = 2048

    def __post_init__(self) -> None:
        if not 0.0 <= self.lock_wait_seconds <= 86_400.0:
            raise ValueError(f"[store] lock_wait_seconds must be between 0 and 86400, not {self.lock_wait_seconds}")
        if not 256 <= self.memory_limit_mb <= 1_048_576:
            raise ValueError(f"[store] memory_limit_mb must be between 256 and 1048576, not {self.memory_limit_mb}")


@dataclass(frozen=True)
class PlanOptions:
    """How the race equality plan is published (``[plan]`` in wres.toml; issue 15).

    * ``publish_names``: the public report names the owners of objectives and actions and the board members of
      the published plan by role title only (``false``, the default); ``true`` adds each account's full name
      after the role title. The internal report always names them.
    """

    publish_names: bool = False


MODEL_EMPLOYER_SENIOR = "8a and above"
"""The combined band of the Model Employer targets: AfC 8a, 8b, 8c, 8d, 9 and VSM (wres-domain.md §4.1, §7.2)."""


@dataclass(frozen=True)
class ModelEmployerOptions:
    """The Model Employer aspirational targets (``[model_employer]`` in wres.toml; wres-domain.md §7.2, issue 17).

    * ``baseline_year``: the WRES year whose 31 March snapshot gives each band's baseline share (default 2018; an
      organisation with no snapshot that year starts from its first year after it, and the output says so).
    * ``target_year``: the year by which each band's BME share is to reach the reference share (default 2028).
    * ``bands``: the bands given a target: band codes of wres-domain.md §4.1 and ``"8a and above"`` (combined).
    * ``reference``: ``"latest"`` (default: the overall BME share at the latest 31 March snapshot on or before the
      year judged or issued) or ``"baseline"`` (the overall share at the baseline snapshot).
    """

    baseline_year: int = 2018
    target_year: int = 2028
    bands: tuple[str, ...] = ("8a", "8b", "8c", "8d", "9", "VSM", MODEL_EMPLOYER_SENIOR)
    reference: str = "latest"

    def __post_init__(self) -> None:
        if not 1900 <= self.baseline_year < self.target_year <= 2200:
            raise ValueError(
                "[model_employer] needs 1900 <= baseline_year < target_year <= 2200, not "
                f"baseline_year = {self.baseline_year}, target_year = {self.target_year}"
            )
        unknown = [b for b in self.bands if b not in BANDS and b != MODEL_EMPLOYER_SENIOR]
        if unknown or not self.bands:
            raise ValueError(
                f"[model_employer] bands must be band codes (8a, 8b, 8c, 8d, 9, VSM, ...) or {MODEL_EMPLOYER_SENIOR!r}"
                + (f", not {', '.join(map(repr, unknown))}" if unknown else "")
            )
        if len(set(self.bands)) != len(self.bands):
            raise ValueError("[model_employer] bands names a band twice")


@dataclass(frozen=True)
class PayGapConfig:
    """The ethnicity pay gap (``[paygap]`` in wres.toml; wres-domain.md §7.1, methods.md §14; issue 17).

    * ``min_group``: a group's gap is reported only with at least this many people in it and in the reference
      group (else "too few");
    * ``reference``: ``white`` (all White staff, NHS England's pay gap reporting) or ``white-british`` (the EHRC
      definition);
    * ``population``: ``in_post`` (all staff in post at 31 March with pay, the default), ``wres`` (the WRES
      population: no bank-only workers, no honorary contracts) or ``substantive`` (substantive and fixed-term
      contracts); the domain leaves it unconfirmed ("the definition the organisation uses for its gender pay gap");
    * ``n_resamples``, ``seed``: the bootstrap's resamples and its generator's seed.
    """

    min_group: int = 10
    reference: str = "white"
    population: str = "in_post"
    n_resamples: int = 9999
    seed: int = 20250331

    def __post_init__(self) -> None:
        if self.min_group < 1:
            raise ValueError(f"[paygap] min_group must be at least 1, not {self.min_group}")
        if not 1 <= self.n_resamples <= 1_000_000:
            raise ValueError(f"[paygap] n_resamples must be between 1 and 1000000, not {self.n_resamples}")


SPARK_MASTER_PREFIXES = ("local", "spark://", "yarn", "k8s://")
"""What ``[spark] master`` may start with: local mode, a standalone cluster, YARN or Kubernetes."""


@dataclass(frozen=True)
class SparkOptions:
    """How ``--engine spark`` starts its session (``[spark]`` in wres.toml; issue 18, ADR 0020, docs/scale.md).

    * ``master``: ``local[2]`` (the default: Spark inside the wres process, two threads), ``spark://host:7077`` (a
      standalone cluster), ``yarn`` or ``k8s://https://host:443``; ``wres indicators --spark-master`` overrides it,
      and so does the environment variable ``WRES_SPARK_MASTER``.
    * ``app_name``: the application's name on the cluster (default ``wres``).
    * ``driver_memory``: the driver's heap, e.g. ``4g`` (the default; ``WRES_SPARK_DRIVER_MEMORY`` overrides it).
      It takes effect only when wres starts the driver's JVM, i.e. not inside an existing session.
    * ``shuffle_partitions``: ``spark.sql.shuffle.partitions`` (default 4, for local mode; on a cluster about two
      or three times its executor cores).
    * ``catalog_prefix``: ``--tables-from catalog:DATABASE`` reads canonical table ``<name>`` as
      ``DATABASE.<catalog_prefix><name>`` (default none).
    * ``conf``: any other Spark setting, e.g. ``{ "spark.executor.memory" = "2g", "spark.cores.max" = 4 }``
      (keys start with ``spark.``; values are passed to Spark as text), in ``[spark.conf]`` or written in
      ``[spark]`` itself (``"spark.executor.memory" = "2g"``).
    """

    master: str = "local[2]"
    app_name: str = "wres"
    driver_memory: str = "4g"
    shuffle_partitions: int = 4
    catalog_prefix: str = ""
    conf: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.master.startswith(SPARK_MASTER_PREFIXES):
            raise ValueError(
                f"[spark] master must be local[N], spark://HOST:PORT, yarn or k8s://URL, not {self.master!r}"
            )
        if not self.app_name:
            raise ValueError("[spark] app_name must not be empty")
        if not 1 <= self.shuffle_partitions <= 100_000:
            raise ValueError(f"[spark] shuffle_partitions must be between 1 and 100000, not {self.shuffle_partitions}")
        if self.catalog_prefix and not self.catalog_prefix.replace("_", "").isalnum():
            raise ValueError(f"[spark] catalog_prefix must be letters, digits and _, not {self.catalog_prefix!r}")


@dataclass(frozen=True)
class WresConfig:
    indicator2: Indicator2Config = field(default_factory=Indicator2Config)
    indicator3: Indicator3Config = field(default_factory=Indicator3Config)
    indicator4: Indicator4Config = field(default_factory=Indicator4Config)
    ranges: RangeConfig = field(default_factory=RangeConfig)
    quality: QualityConfig = field(default_factory=QualityConfig)
    survey: SurveyConfig = field(default_factory=SurveyConfig)
    ethnicity: EthnicityOptions = field(default_factory=EthnicityOptions)
    staff: StaffOptions = field(default_factory=StaffOptions)
    disclosure: DisclosureConfig = field(default_factory=DisclosureConfig)
    reader: ReaderLimits = field(default_factory=ReaderLimits)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    store: StoreOptions = field(default_factory=StoreOptions)
    plan: PlanOptions = field(default_factory=PlanOptions)
    model_employer: ModelEmployerOptions = field(default_factory=ModelEmployerOptions)
    paygap: PayGapConfig = field(default_factory=PayGapConfig)
    spark: SparkOptions = field(default_factory=SparkOptions)

    def as_metadata(self) -> dict[str, Any]:
        """A JSON-ready record of every setting (for output metadata)."""
        data = asdict(self)
        del data["reader"]  # how raw files are read is no part of a result
        del data["ingest"]  # nor what an import accepts as plausible
        del data["store"]  # nor how long a command waits for the store's lock
        del data["plan"]  # nor how the plan is published
        del data["model_employer"]  # nor the Model Employer parameters (recorded with each trajectory instead)
        del data["paygap"]  # nor the pay gap's settings (its own output records them)
        del data["spark"]  # nor where the Spark engine runs (the engine is recorded with the results)
        data["survey"]["question_map"] = {
            str(year): {name: asdict(item) for name, item in items.items()}
            for year, items in self.survey.question_map.items()
        }
        return data


DEFAULT_CONFIG = WresConfig()

_ALLOWED = {
    ("indicator3", "form"): ("rolling", "single_year"),
    ("indicator3", "unit"): ("person",),
    ("indicator2", "unit"): ("application",),
    ("ethnicity", "chinese_in_5group"): ("Other", "Asian"),
    ("ethnicity", "comparator"): ("White", "White British"),
    ("disclosure", "policy"): ("public-v2", "public-v1"),
    ("model_employer", "reference"): ("latest", "baseline"),
    ("paygap", "reference"): ("white", "white-british"),
    ("paygap", "population"): ("in_post", "wres", "substantive"),
}


def _coerce(section: str, key: str, current: Any, value: Any, source: str) -> Any:
    where = f"{source}: [{section}] {key}"
    allowed = _ALLOWED.get((section, key))
    if allowed is not None and value not in allowed:
        raise WresError(f"{where} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise WresError(f"{where} must be true or false")
        return value
    if isinstance(current, int | float) and not isinstance(current, bool):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise WresError(f"{where} must be a number")
        if isinstance(current, int) and not float(value).is_integer():
            raise WresError(f"{where} must be a whole number")
        return type(current)(value)
    if isinstance(current, Mapping):
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise WresError(f"{where} must be a table of strings")
        if key in ("class_overrides", "occupation_class_map"):
            try:
                StaffGroupConfig(**{key: value})
            except ValueError as exc:
                raise WresError(f"{where}: {exc}") from None
        return dict(value)
    if isinstance(current, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WresError(f"{where} must be a list of strings")
        return tuple(value)
    if isinstance(current, str):
        if not isinstance(value, str):
            raise WresError(f"{where} must be a string")
        return value
    raise WresError(f"{where} cannot be set from a file")


def _question_map(raw: Any, base: Mapping[int, Mapping[str, SurveyItem]], source: str) -> dict[int, Any]:
    out: dict[int, dict[str, SurveyItem]] = {year: dict(items) for year, items in base.items()}
    if not isinstance(raw, dict):
        raise WresError(f"{source}: [survey.question_map] must be a table of survey years")
    for year_text, entries in raw.items():
        try:
            year = int(year_text)
        except ValueError:
            raise WresError(f"{source}: survey.question_map key {year_text!r} is not a year") from None
        if not isinstance(entries, dict):
            raise WresError(f"{source}: survey.question_map.{year} must be a table")
        year_map = out.setdefault(year, dict(out.get(max(out), {})) if out else {})
        for name, spec in entries.items():
            if name not in ("i5", "i6", "i7", "i8") or not isinstance(spec, dict):
                raise WresError(f"{source}: survey.question_map.{year}.{name} is not i5, i6, i7 or i8")
            previous = year_map.get(name)
            try:
                items = tuple(spec.get("items", previous.items if previous else ()))
                adverse = tuple(spec.get("adverse", previous.adverse if previous else ()))
                valid = tuple(spec.get("valid", previous.valid if previous else ()))
            except TypeError:
                raise WresError(f"{source}: survey.question_map.{year}.{name} needs lists of strings") from None
            if not items or not adverse:
                raise WresError(f"{source}: survey.question_map.{year}.{name} needs items and adverse answers")
            year_map[name] = SurveyItem(items, adverse, valid or adverse)
    return out


_SPARK_OWN_KEYS = {
    "spark.master": "master",
    "spark.app.name": "app_name",
    "spark.driver.memory": "driver_memory",
    "spark.sql.shuffle.partitions": "shuffle_partitions",
}


def _spark_conf(raw: Any, source: str) -> dict[str, str]:
    """``[spark] conf``: Spark settings by name, each value as the text Spark reads (``true``, ``4``, ``2g``)."""
    where = f"{source}: [spark] conf"
    if not isinstance(raw, dict):
        raise WresError(f'{where} must be a table of Spark settings, e.g. {{ "spark.executor.memory" = "2g" }}')
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not key.startswith("spark."):
            raise WresError(f"{where}: {key!r} is not a Spark setting (they start with 'spark.')")
        if key in _SPARK_OWN_KEYS:
            raise WresError(f"{where}: set {key} with [spark] {_SPARK_OWN_KEYS[key]}, not in conf")
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            out[key] = str(value)
        else:
            raise WresError(f"{where}: {key} must be text, a number or true/false")
    return out


def config_from_mapping(data: Mapping[str, Any], source: str = "configuration") -> WresConfig:
    """Apply a parsed TOML mapping to the defaults; unknown keys are errors (they are usually typos)."""
    config = DEFAULT_CONFIG
    for section, values in data.items():
        if section not in {f.name for f in fields(WresConfig)}:
            raise WresError(f"{source}: unknown section [{section}]")
        if not isinstance(values, dict):
            raise WresError(f"{source}: [{section}] must be a table")
        current: Any = getattr(config, section)
        changes: dict[str, Any] = {}
        for key, value in values.items():
            if section == "survey" and key == "question_map":
                changes[key] = _question_map(value, current.question_map, source)
                continue
            if section == "spark" and key == "conf":
                changes[key] = {**changes.get(key, {}), **_spark_conf(value, source)}
                continue
            if section == "spark" and key.startswith("spark."):  # a Spark setting written in [spark] itself
                changes["conf"] = {**changes.get("conf", {}), **_spark_conf({key: value}, source)}
                continue
            if key not in {f.name for f in fields(current)}:
                raise WresError(f"{source}: unknown key {key!r} in [{section}]")
            changes[key] = _coerce(section, key, getattr(current, key), value, source)
        try:
            config = replace(config, **{section: replace(current, **changes)})
        except ValueError as exc:
            raise WresError(f"{source}: {exc}") from None
    if config.ranges.low >= config.ranges.high or config.ranges.low <= 0:
        raise WresError(f"{source}: [ranges] needs 0 < low < high")
    _check_disclosure(config.disclosure, source)
    _check_reader(config.reader, source)
    return config


def _check_reader(limits: ReaderLimits, source: str) -> None:
    for item in fields(limits):
        value = getattr(limits, item.name)
        if value < 1:
            raise WresError(f"{source}: [reader] {item.name} must be at least 1, not {value}")


def _check_disclosure(d: DisclosureConfig, source: str) -> None:
    if not 1 <= d.suppress_min <= d.suppress_max:
        raise WresError(f"{source}: [disclosure] needs 1 <= suppress_min <= suppress_max")
    if d.rounding_base < 1:
        raise WresError(f"{source}: [disclosure] rounding_base must be at least 1 (1 = no rounding)")
    if d.protection_width < 1:
        raise WresError(f"{source}: [disclosure] protection_width must be at least 1")
    if d.suppress_max + 1 < (d.rounding_base + 1) // 2:
        raise WresError(f"{source}: [disclosure] suppress_max is too small for rounding_base (counts would round to 0)")


def load_config(path: Path | None = None) -> WresConfig:
    """The configuration in ``path``, ``$WRES_CONFIG`` or ``./wres.toml``; the defaults when none exists."""
    if path is None:
        env = os.environ.get("WRES_CONFIG")
        path = Path(env) if env else Path("wres.toml")
        if not path.exists():
            return DEFAULT_CONFIG
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WresError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WresError(f"{path}: not a valid TOML configuration: {exc}") from None
    return config_from_mapping(data, str(path))
