"""A yes/no facet over a count column: "has notes" splits articles on note_count > 0."""

from __future__ import annotations

from typing import Any

from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args


class HasFacet(Facet):
    """Metadata ``{"has": "note_count"}``: two buckets, yes (count > 0) and no, each a filter toggle."""

    type = "has"

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        """One facet per configured column, with yes/no counts over the current rows."""
        results, timed_out = [], []
        qs_pairs = self.get_querystring_pairs()
        for item in self.get_configs():
            column = item["config"].get("column") or item["config"]["simple"]
            try:
                yes, no = await self._counts(column)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            buckets = [("yes", f"{column}__gt", yes), ("no", f"{column}__lte", no)]
            values = []
            for label, arg, count in buckets:
                selected = (arg, "0") in qs_pairs
                path = (
                    path_with_removed_args(self.request, {arg: "0"})
                    if selected
                    else path_with_added_args(self.request, {arg: "0"})
                )
                values.append({"value": label, "label": label, "count": count, "selected": selected,
                               "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path))})  # fmt: skip
            results.append({
                "name": f"has {column.removesuffix('_count')}s" if column.endswith("_count") else f"has {column}",
                "type": "yes/no",  # shown after the name; "has" would read "has notes (has)"
                "hideable": item["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_has": column})),
                "results": [v for v in values if v["count"] or v["selected"]],
                "truncated": False,
            })  # fmt: skip
        return results, timed_out

    async def _counts(self, column: str) -> tuple[int, int]:
        """Rows with column > 0 and with column <= 0 (the tests the bucket filters use, so counts match rows).

        "yes" and the nulls are two ranges of the column's index; "no" is the rest of the rows (every
        non-null value is either > 0 or not, text included), which saves reading most of them. The page's
        row count is that total, except on a ?_next= page: its facet SQL carries the cursor, the count not.
        """
        col = escape_sqlite(column)
        limit = self.ds.setting("facet_time_limit_ms")
        sql = (f"select count(*) filter (where {col} > 0), count(*) filter (where {col} is null) "
               f"from ({self.sql}) where {col} > 0 or {col} is null")  # fmt: skip
        yes, null = (await self.ds.execute(self.database, sql, self.params, custom_time_limit=limit)).first()
        total = self.row_count
        if total is None or self.request.args.get("_next"):
            sql = f"select count(*) from ({self.sql})"
            total = (await self.ds.execute(self.database, sql, self.params, custom_time_limit=limit)).single_value()
        return yes, total - yes - null
