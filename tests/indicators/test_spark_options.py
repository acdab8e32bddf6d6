"""``[spark]`` in wres.toml and ``--spark-master``: where the Spark engine's session runs and how it is set up
(wres.config.SparkOptions, wres.indicators.spark). Nothing here starts Spark."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres.config import DEFAULT_CONFIG, SparkOptions, config_from_mapping, load_config
from wres.errors import WresError
from wres.indicators.spark import session_conf, spark_options


def test_defaults_are_local_mode() -> None:
    spark = DEFAULT_CONFIG.spark
    assert (spark.master, spark.app_name, spark.driver_memory, spark.shuffle_partitions) == (
        "local[2]",
        "wres",
        "4g",
        4,
    )
    conf = session_conf(spark)
    assert conf["spark.master"] == "local[2]"
    assert conf["spark.default.parallelism"] == "2"
    assert conf["spark.sql.shuffle.partitions"] == "4"
    assert "spark" not in DEFAULT_CONFIG.as_metadata()


def test_file_sets_the_session(tmp_path: Path) -> None:
    path = tmp_path / "wres.toml"
    path.write_text(
        '[spark]\nmaster = "spark://head.example.nhs.uk:7077"\napp_name = "wres-london"\ndriver_memory = "8g"\n'
        'shuffle_partitions = 64\ncatalog_prefix = "wres_"\n\n'
        '[spark.conf]\n"spark.executor.memory" = "6g"\n"spark.cores.max" = 16\n'
        '"spark.dynamicAllocation.enabled" = true\n"spark.sql.shuffle.partitions.note" = 1.5\n',
        encoding="utf-8",
    )
    spark = load_config(path).spark
    assert spark.catalog_prefix == "wres_"
    conf = session_conf(spark)
    assert conf["spark.master"] == "spark://head.example.nhs.uk:7077"
    assert conf["spark.app.name"] == "wres-london"
    assert conf["spark.driver.memory"] == "8g"
    assert conf["spark.sql.shuffle.partitions"] == "64"
    assert conf["spark.executor.memory"] == "6g"
    assert conf["spark.cores.max"] == "16"
    assert conf["spark.dynamicAllocation.enabled"] == "true"
    assert conf["spark.sql.shuffle.partitions.note"] == "1.5"
    assert "spark.default.parallelism" not in conf  # a cluster's own default, not local mode's 2


def test_spark_settings_in_the_section_itself() -> None:
    """``"spark.executor.memory" = "2g"`` directly under ``[spark]`` is a Spark setting, as in ``[spark.conf]``."""
    spark = config_from_mapping(
        {"spark": {"master": "yarn", "spark.executor.memory": "2g", "conf": {"spark.cores.max": 8}}}
    ).spark
    assert dict(spark.conf) == {"spark.executor.memory": "2g", "spark.cores.max": "8"}
    assert session_conf(spark)["spark.executor.memory"] == "2g"
    with pytest.raises(WresError, match=r"set spark\.master with \[spark\] master"):
        config_from_mapping({"spark": {"spark.master": "yarn"}})


def test_conf_wins_over_wres_defaults() -> None:
    conf = session_conf(SparkOptions(conf={"spark.sql.session.timeZone": "Europe/London", "spark.ui.enabled": "true"}))
    assert conf["spark.sql.session.timeZone"] == "Europe/London"
    assert conf["spark.ui.enabled"] == "true"


def test_command_line_master_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    configured = SparkOptions(master="yarn", driver_memory="2g")
    monkeypatch.delenv("WRES_SPARK_MASTER", raising=False)
    monkeypatch.delenv("WRES_SPARK_DRIVER_MEMORY", raising=False)
    assert spark_options(configured).master == "yarn"
    assert spark_options(configured, "spark://127.0.0.1:7077").master == "spark://127.0.0.1:7077"
    monkeypatch.setenv("WRES_SPARK_MASTER", "local[1]")
    monkeypatch.setenv("WRES_SPARK_DRIVER_MEMORY", "1g")
    assert spark_options(configured).master == "local[1]"
    assert spark_options(configured).driver_memory == "1g"
    assert spark_options(configured, "k8s://https://api.example:443").master == "k8s://https://api.example:443"


@pytest.mark.parametrize(
    ("spark", "message"),
    [
        ({"master": "spark:/oops"}, "[spark] master must be local[N], spark://HOST:PORT, yarn or k8s://URL"),
        ({"shuffle_partitions": 0}, "[spark] shuffle_partitions must be between 1 and 100000"),
        ({"shuffle_partitions": "many"}, "[spark] shuffle_partitions must be a number"),
        ({"catalog_prefix": "a-b"}, "[spark] catalog_prefix must be letters, digits and _"),
        ({"conf": {"executor.memory": "2g"}}, "'executor.memory' is not a Spark setting"),
        ({"conf": {"spark.master": "yarn"}}, "set spark.master with [spark] master, not in conf"),
        ({"conf": {"spark.jars": ["a.jar"]}}, "spark.jars must be text, a number or true/false"),
        ({"conf": "spark.executor.memory=2g"}, "[spark] conf must be a table of Spark settings"),
        ({"masters": "yarn"}, "unknown key 'masters' in [spark]"),
    ],
)
def test_bad_settings_name_the_key(spark: dict[str, object], message: str) -> None:
    with pytest.raises(WresError) as err:
        config_from_mapping({"spark": spark}, "wres.toml")
    assert message in str(err.value)
    assert str(err.value).startswith("wres.toml")
