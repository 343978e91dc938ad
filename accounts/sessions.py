import datetime as dt

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from ops.statements import statement


@statement(key=str, now=dt.datetime)
def _session(key, now):
    return Session.objects.filter(session_key=key, expire_date__gt=now)


class SessionStore(db.SessionStore):
    """Django's database sessions, each request's session read by a statement (``ops.statements``):
    the same query, without building it anew on every request."""

    def _get_session_from_db(self):
        found = _session(key=self.session_key, now=timezone.now())
        if not found:  # unknown or expired: a new session, as Django's own store does
            self._session_key = None
            return None
        return found[0]
