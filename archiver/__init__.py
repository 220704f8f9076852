"""archiver: archive news articles cleanly into SQLite."""

__version__ = "0.1.0"

from archiver.errors import ArchiverError, ExtractionError, FetchError, RuleError, SkipPage
from archiver.extract import extract
from archiver.models import Article, Page, Removed, UpdateNote

__all__ = [
    "ArchiverError",
    "Article",
    "ExtractionError",
    "FetchError",
    "Page",
    "Removed",
    "RuleError",
    "SkipPage",
    "UpdateNote",
    "extract",
]
