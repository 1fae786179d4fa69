"""Many sites: reports as Parquet tables (`export`), and DuckDB's answers over them (`org`)."""
