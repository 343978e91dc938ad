from django.contrib.auth.backends import ModelBackend

from ops.statements import statement

from .models import User


@statement(pk=int)
def _user(pk):
    return User._default_manager.filter(pk=pk).select_related("agency")


class UserBackend(ModelBackend):
    """Django's own sign-in by username and password; the signed-in user is read with their
    agency, which every page's header names, in the one query a request makes for the user."""

    def get_user(self, user_id):
        found = _user(pk=user_id)
        return found[0] if found and self.user_can_authenticate(found[0]) else None
