"""Reports: the JSON report, summaries, diffs and merges, CI formats (annotations, SARIF)."""
