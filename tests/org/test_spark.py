"""The organisation's queries on Spark in local mode give DuckDB's answers (`make test-spark`).

The Parquet export is the interface past one machine: the same SQL text (`query.LINKS_TO`,
`query.DOMAINS`) runs on Spark SQL over the same files. Skipped without pyspark or Java.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pyspark_sql = pytest.importorskip("pyspark.sql")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java 17 or later", allow_module_level=True)

from helpers import ORG_SITES as SITES  # noqa: E402

from mkdocs_linkroles.org.query import (  # noqa: E402
    DOMAINS,
    LINKS_TO,
    Org,
    links_to_parameters,
    normalised_name,
)
from mkdocs_linkroles.org.tables import TABLES, export_reports  # noqa: E402

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark() -> Any:
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("linkroles-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_answers_as_duckdb_does(spark: Any, build_site: Any, tmp_path: Path) -> None:
    reports = [
        build_site(docs, {"site_url": url}).site_dir / "linkroles.json"
        for url, docs in SITES.items()
    ]
    out = tmp_path / "export"
    export_reports(reports, out)
    for table in TABLES:
        spark.read.parquet(str(out / table)).createOrReplaceTempView(table)
    parameters = links_to_parameters(normalised_name("polyfill.io"))
    with Org(out) as org:
        duck_links = list(org.links_to("polyfill.io"))
        duck_domains = org.domains(None)
    spark_links = [tuple(row) for row in spark.sql(LINKS_TO, args=parameters).collect()]
    spark_domains = [
        (row[0], int(row[1]), int(row[2]), int(row[3])) for row in spark.sql(DOMAINS).collect()
    ]
    assert len(duck_links) == 3
    assert spark_links == duck_links
    assert spark_domains == duck_domains
