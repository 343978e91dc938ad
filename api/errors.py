"""Every error the API answers is ``{"code", "message", "fields"}``: a code a program can test, a
message in the language the request asked for (Accept-Language), and per-field problems."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .domain import ConflictError


def _fields(detail) -> dict[str, list[str]]:
    """DRF's nested error detail flattened to {"field": [messages]} ("non_field_errors" → "")."""
    if isinstance(detail, list):
        return {"": [str(m) for m in detail]}
    flat: dict[str, list[str]] = {}
    for name, problems in detail.items():
        key = "" if name == "non_field_errors" else str(name)
        if isinstance(problems, dict):
            for sub, messages in _fields(problems).items():
                flat[f"{key}.{sub}" if sub else key] = messages
        else:
            flat[key] = [str(m) for m in (problems if isinstance(problems, list) else [problems])]
    return flat


def error(code: str, message: str, http_status: int, fields: dict | None = None, **extra) -> Response:
    # The request's transaction (ATOMIC_REQUESTS) is rolled back: a refused call writes nothing.
    set_rollback()
    return Response({"code": code, "message": message, "fields": fields or {}, **extra}, status=http_status)


def _from_django(exc: Exception) -> Response | None:
    if isinstance(exc, ConflictError):
        current = exc.submission
        return error(
            "conflict",
            str(exc),
            status.HTTP_409_CONFLICT,
            current_version=current.version,
            current_status=current.status,
        )
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        fields = {("" if k == "__all__" else k): v for k, v in fields.items()}
        return error("invalid", _("The request cannot be carried out; see the fields."), 400, fields)
    if isinstance(exc, Http404):
        return error("not_found", _("Not found, or not yours to see."), status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return error("permission_denied", _("You may see this, but not do this."), status.HTTP_403_FORBIDDEN)
    return None


CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", lambda e: _('Send an API token: "Authorization: Token <key>".')),
    exceptions.AuthenticationFailed: ("authentication_failed", str),
    exceptions.PermissionDenied: ("permission_denied", lambda e: _("You may see this, but not do this.")),
    exceptions.NotFound: ("not_found", lambda e: _("Not found, or not yours to see.")),
    exceptions.MethodNotAllowed: ("method_not_allowed", lambda e: _("This method is not allowed here.")),
    exceptions.NotAcceptable: ("not_acceptable", lambda e: _("The API answers in JSON only.")),
    exceptions.UnsupportedMediaType: (
        "unsupported_media_type",
        lambda e: _("Send JSON (or multipart form data for files)."),
    ),
    exceptions.ParseError: ("parse_error", lambda e: _("The request body is not valid JSON or form data.")),
}


def exception_handler(exc: Exception, context) -> Response | None:
    """DRF's exception handler, answering every error in the one shape above."""
    response = _from_django(exc)
    if response is not None:
        return response
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        response = error("throttled", _("Too many requests; try again in %(s)s seconds.") % {"s": wait}, 429)
        response["Retry-After"] = str(wait)
        return response
    if isinstance(exc, exceptions.ValidationError):
        return error("invalid", _("The request has errors; see the fields."), 400, _fields(exc.detail))
    for kind, (code, message) in CODES.items():
        if isinstance(exc, kind):
            response = error(code, message(exc), exc.status_code)
            if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
                response["WWW-Authenticate"] = "Token"
            return response
    if isinstance(exc, exceptions.APIException):
        return error("error", str(exc.detail), exc.status_code)
    return None  # a real bug: let it be logged and answered by Django's 500 handler
