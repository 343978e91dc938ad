"""The OpenAPI description's shared parts: the token scheme and the one error shape, added to
every operation so that no response a client can get is left undescribed."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "description": "Every error: a machine-readable code, a message in the requested language, problems per field.",
    "properties": {
        "code": {
            "type": "string",
            "example": "invalid",
            "description": "not_authenticated, authentication_failed, "
            "permission_denied, not_found, invalid, conflict, throttled, method_not_allowed, not_acceptable, "
            "unsupported_media_type, parse_error",
        },
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": 'Field name → problems; "" for problems of the request as a whole.',
        },
        "current_version": {"type": "integer", "description": 'With code "conflict": the report\'s version now.'},
        "current_status": {"type": "string", "description": 'With code "conflict": the report\'s status now.'},
    },
    "required": ["code", "message", "fields"],
}

READ_ERRORS = {
    "400": "Invalid parameters (see fields).",
    "401": "No token, or an unknown or revoked one.",
    "404": "Not found, or not yours to see.",
    "405": "Method not allowed.",
    "406": "Not acceptable: the API answers JSON.",
    "429": "Too many requests for this token; see Retry-After.",
}
WRITE_ERRORS = {
    **READ_ERRORS,
    "403": "You may see this but not do this.",
    "409": "Someone saved the report since the version you sent.",
    "415": "Unsupported media type.",
}


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "ApiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": '"Token <key>", with a key created on your profile page (API tokens).',
        }


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: the Error component and every error response."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            errors = READ_ERRORS if method == "get" else WRITE_ERRORS
            responses = operation.setdefault("responses", {})
            for code, description in errors.items():
                entry = responses.setdefault(code, {"description": description})
                entry["content"] = content
    return result
