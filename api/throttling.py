from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (a signed-in browser session: per user; anonymous: per address), at
    ``API_THROTTLE_RATE``."""

    scope = "token"

    def get_rate(self) -> str:
        # Read at each request (not once at import) so that tests and deployments can change it.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str:
        token = getattr(request._request, "api_token", None)  # left there by ApiTokenAuthentication
        if token is not None:
            ident = f"t{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = f"a{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
