"""Benchmarks for archiver (quality against the development corpora); not part of the library."""
