"""Requests whose address carries a NUL byte are refused with 400 before any view sees them:
PostgreSQL cannot hold NUL in text, so such a value would otherwise end as a 500 wherever it
reached a query. Other junk is left to each page's filters, which ignore what they do not know."""

from urllib.parse import unquote

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote(request.META.get("QUERY_STRING", ""), errors="replace")
        if "\x00" in query or "\x00" in request.path:
            message = _("The address contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):  # the API answers every error in its JSON shape
                return JsonResponse({"code": "invalid", "message": message, "fields": {}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
