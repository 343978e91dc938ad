import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Submission


class ReviewTable(tables.Table):
    period = tables.Column(verbose_name=_("Period"), order_by=("period__start",))
    measure = tables.Column(verbose_name=_("Measure"), order_by=("measure__number",))
    agency = tables.Column(verbose_name=_("Agency"), order_by=("agency__code",))
    role = tables.Column(verbose_name=_("Role"))
    status = tables.Column(verbose_name=_("Status"))
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="SHORT_DATETIME_FORMAT")
    days_late = tables.Column(verbose_name=_("Days late"), attrs={"td": {"class": "num"}})
    status_changed_at = tables.Column(verbose_name=_("Waiting"), attrs={"td": {"class": "num"}})

    class Meta:
        model = Submission
        fields = ("period", "measure", "agency", "role", "status", "submitted_at", "status_changed_at", "days_late")
        # Longest waiting first: the report that has waited most is the next to review.
        order_by = ("status_changed_at",)
        empty_text = _("Nothing matches these filters.")

    def render_period(self, record):
        training = (
            format_html(' <span class="tag training">{}</span>', _("training"))
            if record.period.plan.is_training
            else ""
        )
        return format_html("{} {}{}", record.period.plan.code, record.period.label, training)

    def render_measure(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("plans:submission_detail", args=[record.pk]), str(record.measure)[:140]
        )

    def render_status(self, record):
        return format_html('<span class="status s-{}">{}</span>', record.status, record.get_status_display())

    def render_status_changed_at(self, value):
        days = (timezone.localdate() - timezone.localdate(value)).days
        return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}

    def render_days_late(self, value):
        return format_html('<span class="late">{}</span>', value) if value else "0"
