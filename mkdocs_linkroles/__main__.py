"""`python -m mkdocs_linkroles`: the `linkroles` command line."""

from mkdocs_linkroles.cli import run

run()
