from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task (beat sends it every minute)."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"
