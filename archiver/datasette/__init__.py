"""The Datasette plugin for the archive (registered by entry point, so `datasette archive.db` picks it up).

For every served database that has the archive's tables it supplies the metadata in metadata.json (titles,
descriptions, search, sort orders, facets, canned queries) and two pages: /-/article/<id> (the reading page)
and /-/diff/<id>?from=&to= (what changed between versions). Datasette finds templates/ and static/ beside
the registered plugin only when it is a package, so the hooks are registered from here.
"""

from archiver.datasette.plugin import (
    extra_css_urls,
    get_metadata,
    register_facet_classes,
    register_routes,
    render_cell,
)

__all__ = ["extra_css_urls", "get_metadata", "register_facet_classes", "register_routes", "render_cell"]
