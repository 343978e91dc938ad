"""Marks each history entry written during an API call with the token that made the call."""

from django.dispatch import receiver
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


@receiver(pre_create_historical_record)
def record_api_token(sender, history_instance, **kwargs) -> None:
    # HistoryRequestMiddleware keeps the current request here; the API's authentication class
    # leaves the token on it. Outside a request (Celery, commands) there is none.
    request = getattr(HistoricalRecords.context, "request", None)
    token = getattr(request, "api_token", None)
    if token is not None and hasattr(history_instance, "api_token_id"):
        history_instance.api_token_id = token.pk
