"""The default beat schedule, kept in django-celery-beat's tables so a coordinator can change it:
open the periods that have started at 08:00 and send the day's reminders at 09:00, Almaty time."""

from django.db import migrations
from django.utils import timezone

SCHEDULE = [
    # name, task, hour, minute
    ("Open reporting periods", "plans.open_periods", "8", "0"),
    ("Send reminders and escalations", "plans.send_daily_reminders", "9", "0"),
]


def install(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, hour, minute in SCHEDULE:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Almaty"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})
    # Tells a running beat to reload the schedule (the model's save() would, historical models don't).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def uninstall(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=[s[0] for s in SCHEDULE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
