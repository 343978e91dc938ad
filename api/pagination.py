from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages over lists that change while they are read: by id, at most 200 at a time."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
