"""Celery tasks of the outbox: thin wrappers over ``outbox.services`` (imported inside each task,
since the services queue these tasks)."""

from celery import shared_task


@shared_task(name="outbox.send_email", acks_late=True)
def send_email(email_id: int) -> str | None:
    # Retries are not Celery's: the row keeps its next attempt time, so a retry survives a broker
    # restart or a lost task, and outbox_flush picks it up.
    from . import services

    return services.email_send(email_id=email_id)


@shared_task(name="outbox.flush")
def flush() -> int:
    from . import services

    return len(services.outbox_flush())
