"""What each kind of notification says. Notifications store their kind and parameters; the text is
built when someone reads it, in the reader's language."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext, ngettext


def submission_params(submission, **extra) -> dict:
    """The parameters a notification about one report keeps (numbers and codes only: the words
    come from the reader's language)."""
    return {
        "submission": submission.pk,
        "plan": submission.period.plan.code,
        "period": submission.period.label,
        "measure": submission.measure.number,
        "agency": submission.agency.code,
        **extra,
    }


def _about(params: dict) -> dict:
    return {
        "measure": params.get("measure", "?"),
        "period": params.get("period", ""),
        "plan": params.get("plan", ""),
        "agency": params.get("agency", ""),
    }


def _submission_text(kind: str, params: dict) -> str:
    about = _about(params)
    texts = {
        "accepted": gettext("%(plan)s %(period)s · measure %(measure)s (%(agency)s): report accepted"),
        "returned": gettext("%(plan)s %(period)s · measure %(measure)s (%(agency)s): report returned"),
        "reopened": gettext("%(plan)s %(period)s · measure %(measure)s (%(agency)s): report reopened"),
        "sign_off": gettext("%(plan)s %(period)s · measure %(measure)s (%(agency)s): report awaiting your sign-off"),
    }
    text = texts[kind] % about
    if params.get("reason"):
        text += " — " + gettext("reason: %(reason)s") % {"reason": params["reason"]}
    return text


def _reminder_text(kind: str, params: dict) -> str:
    count = int(params.get("count", 0))
    if kind == "escalation":
        return ngettext("Escalation: %(count)d report is late", "Escalation: %(count)d reports are late", count) % {
            "count": count
        }
    return ngettext(
        "Reminder: %(count)d report needs attention", "Reminder: %(count)d reports need attention", count
    ) % {"count": count}


def notification_text(kind: str, params: dict) -> str:
    if kind in ("accepted", "returned", "reopened", "sign_off"):
        return _submission_text(kind, params)
    if kind in ("reminder", "escalation"):
        return _reminder_text(kind, params)
    if kind == "report_ready":
        # Looked up through the app registry: the reports app builds on plans, not the other way.
        GeneratedReport = apps.get_model("reports", "GeneratedReport")
        what = dict(GeneratedReport.Kind.choices).get(params.get("report_kind"), "")
        return gettext("Report ready: %(what)s, %(plan)s %(period)s, version %(version)s") % {
            "what": what,
            "plan": params.get("plan", ""),
            "period": params.get("period", ""),
            "version": params.get("version", ""),
        }
    return ""
