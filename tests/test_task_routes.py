"""PDF generation runs on its own queue and process pool, so a long report never delays a reminder."""

from pathlib import Path

from config.celery import app


def _queue(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def test_it_sends_reports_to_their_own_queue_and_reminders_to_the_default_one():
    assert _queue("reports.generate_report") == "reports"
    assert _queue("reports.draft_consolidated_reports") == "reports"
    assert _queue("outbox.send_email") == _queue("outbox.flush") == "email"
    for name in ("plans.deliver_reminders", "plans.send_daily_reminders", "plans.open_periods"):
        assert _queue(name) == app.conf.task_default_queue == "celery"


def test_it_serves_reports_with_processes_and_mail_with_threads():
    workers = {
        line.split(":")[0]: line
        for line in (Path(__file__).parent.parent / "Procfile").read_text().splitlines()
        if ":" in line
    }
    assert "-Q reports" in workers["reports"] and "--pool prefork" in workers["reports"]
    assert "-Q celery,email" in workers["worker"] and "--pool threads" in workers["worker"]
