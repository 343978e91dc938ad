"""Dashboard pages computed once per change of the data.

A page's content (everything below the site's header: filters, totals, charts, the table or
matrix) depends only on the plans data, the day, the language, the query and the viewer's scope
(plans.access.dashboard_scope). It is cached under all of these and the data generation
(plans.models.DataGeneration), which database triggers change in the same transaction as any write
to a plans table. The generation is read before any of the data, so an entry is never older than
the generation it is stored under; once a write commits, no request reads the old generation again.
What depends on the user alone (the header, menus, messages, the CSRF token) is rendered outside.
"""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.utils.translation import get_language

from plans import access

CACHE_ALIAS = "dashboards"


def page_key(request, page: str, today, generation: str | None) -> str | None:
    """The cache key of this request's page content, or None when it must not be cached.
    ``generation`` is DataGeneration.current(), read before anything the page shows."""
    if generation is None:
        return None
    query = sorted((name, sorted(values)) for name, values in request.GET.lists())
    parts = repr((page, generation, today.isoformat(), get_language(), access.dashboard_scope(request.user), query))
    return f"dashboard:{hashlib.sha256(parts.encode()).hexdigest()}"


def get(key: str | None) -> str | None:
    return caches[CACHE_ALIAS].get(key) if key else None


def put(key: str | None, content: str) -> None:
    if key:
        caches[CACHE_ALIAS].set(key, content)


def clear() -> None:
    caches[CACHE_ALIAS].clear()
