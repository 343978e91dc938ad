from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from accounts.services import api_token_check


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token pm_…`` with a key from the user's profile page."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_('Send the header as "Authorization: Token <key>".'))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token contains characters a token never has.")) from None
        token = api_token_check(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown or has been revoked."))
        # Read by api.history to record which token made a change.
        request._request.api_token = token
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword
