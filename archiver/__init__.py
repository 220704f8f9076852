"""archiver: archive news articles cleanly into SQLite."""

__version__ = "0.1.0"

from archiver.errors import ArchiverError, ExtractionError, FetchError, RuleError, SkipPage  # noqa: E402
from archiver.extract import extract  # noqa: E402
from archiver.models import Article, Page, Removed, UpdateNote  # noqa: E402

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
