"""`python -m archiver` runs the `archive` command."""

from archiver.cli import cli

cli()
