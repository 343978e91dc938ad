"""The plan and its reporting: plans, directions, measures, agencies, responsibilities, reporting
periods, the quarterly reports agencies file, and the reminders sent about them."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.dispatch import receiver
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .formatting import document_ref, format_date
from .texts import LANGUAGES, marked_plain


class LocalText(str):
    """A text in the reader's language, or the original one with ``fallback`` set and ``lang``
    naming the language it is written in (pages and documents mark it)."""

    lang: str = ""
    fallback: bool = False

    def __new__(cls, value: str, lang: str = "", fallback: bool = False) -> LocalText:
        text = super().__new__(cls, value)
        text.lang, text.fallback = lang, fallback
        return text


def _choice_label(choices: type[models.Choices], value):
    """The label of ``value`` among ``choices``, or the value itself when it is not one of them."""
    member = choices._value2member_map_.get(value)
    return str(member.label) if member is not None else value


def localized(obj, field: str, lang: str | None = None) -> LocalText:
    """The ``<field>_<lang>`` value in the reader's language; otherwise the first text given in
    kk, ru, en order (the original), marked as a fallback."""
    lang = (lang or get_language() or "kk")[:2]
    for code in (lang, *LANGUAGES):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return LocalText(value, code, fallback=code != lang)
    return LocalText("")


class Agency(models.Model):
    """A responsible body as the decree abbreviates it (ІІМ, Еңбекмині, Астана қаласы …)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("central state body")
        AKIMAT = "akimat", _("akimat")
        STATE_COMPANY = "state_company", _("state company")
        OTHER = "other", _("other")

    class Territory(models.TextChoices):
        REGION = "region", _("region")
        CITY = "city", _("city")

    code = models.CharField(_("code"), max_length=64, unique=True)
    name_kk = models.CharField(_("name (kk)"), max_length=300)
    name_ru = models.CharField(_("name (ru)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    territory = models.CharField(_("territory"), max_length=10, choices=Territory.choices, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class Plan(models.Model):
    class ActKind(models.TextChoices):
        DECREE = "decree", _("Government decree")
        ORDER = "order", _("ministerial order")
        LAW = "law", _("law")
        OTHER = "other", _("other act")

    code = models.SlugField(_("code"), max_length=40, unique=True, allow_unicode=True)
    title_kk = models.TextField(_("title (kk)"))
    title_ru = models.TextField(_("title (ru)"), blank=True)
    title_en = models.TextField(_("title (en)"), blank=True)
    act_kind = models.CharField(_("approving act"), max_length=10, choices=ActKind.choices)
    act_number = models.CharField(_("act number"), max_length=40)
    act_date = models.DateField(_("act date"))
    act_title_kk = models.TextField(_("act title (kk)"), blank=True)
    # The language the act is official in, and the languages whose texts are working translations
    # (labelled as unofficial wherever they appear until an official text replaces them).
    official_language = models.CharField(
        _("official language"), max_length=2, choices=[(c, c) for c in LANGUAGES], default="kk"
    )
    unofficial_languages = models.CharField(_("unofficial translations"), max_length=20, blank=True)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    # The reporting rule, as data: quarterly by the 5th / ministry by the 15th for Decree 1593.
    period_months = models.PositiveSmallIntegerField(
        _("reporting period (months)"),
        default=3,
        choices=[(1, _("monthly")), (3, _("quarterly")), (6, _("half-yearly")), (12, _("yearly"))],
    )
    agency_due_day = models.PositiveSmallIntegerField(_("agencies report by day"), default=5)
    ministry_due_day = models.PositiveSmallIntegerField(_("ministry reports by day"), default=15)
    # A changed rule applies from this year on; earlier periods keep the dates they were reported under.
    rule_from_year = models.PositiveSmallIntegerField(_("reporting rule applies from year"), null=True, blank=True)
    ministry = models.ForeignKey(
        Agency, verbose_name=_("receiving ministry"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    agencies = models.ManyToManyField(Agency, verbose_name=_("agencies"), related_name="plans", blank=True)
    # A training copy repeats a real plan moved forward by whole years so that the current quarter
    # has obligations; it is labelled as training wherever it appears.
    is_training = models.BooleanField(_("training copy"), default=False)
    source_plan = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="training_copies"
    )
    year_offset = models.SmallIntegerField(default=0)

    class Meta:
        ordering = ["is_training", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def periods_per_year(self) -> int:
        return 12 // self.period_months

    def translation_is_unofficial(self, lang: str | None = None) -> bool:
        """Whether texts in ``lang`` (the reader's language) are unofficial working translations."""
        lang = (lang or get_language() or "kk")[:2]
        return lang != self.official_language and lang in self.unofficial_languages.split(",")


class Amendment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="amendments")
    act_kind = models.CharField(_("act"), max_length=10, choices=Plan.ActKind.choices)
    act_number = models.CharField(_("act number"), max_length=40)
    act_date = models.DateField(_("act date"))
    note = models.TextField(_("what it changed"), blank=True)

    class Meta:
        ordering = ["act_date", "act_number"]
        constraints = [models.UniqueConstraint(fields=["plan", "act_number", "act_date"], name="amendment_unique")]

    def __str__(self) -> str:
        return document_ref(self.act_number, self.act_date)


class Direction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="directions")
    number = models.PositiveSmallIntegerField(_("number"))
    title_kk = models.TextField(_("title (kk)"), blank=True)
    title_ru = models.TextField(_("title (ru)"), blank=True)
    title_en = models.TextField(_("title (en)"), blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="direction_unique_number")]
        verbose_name = _("direction")
        verbose_name_plural = _("directions")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> LocalText:
        return localized(self, "title")


class MeasureQuerySet(models.QuerySet):
    def public(self):
        return self.filter(classified=False)

    def for_agency(self, agency):
        return self.filter(responsibilities__agency=agency).distinct()


class Measure(models.Model):
    class Status(models.TextChoices):
        """Where a measure stands: the one vocabulary of dashboards, PDFs and exports. Each page
        shows the subset that applies to it (``dashboards.selectors.OUTCOMES``,
        ``reports.selectors.PERIOD_STATUSES``)."""

        COMPLETED_EARLIER = "completed_earlier", _("completed in an earlier period")
        COMPLETED = "completed", _("completed")
        IN_PROGRESS = "in_progress", _("in progress")
        NOT_STARTED = "not_started", _("not started")
        NOT_COMPLETED = "not_completed", _("not completed")
        PAST_DEADLINE = "past_deadline", _("deadline passed, no final report")
        NOT_REPORTED = "not_reported", _("not reported")

    class FormKind(models.TextChoices):
        INFORMATION = "information", _("information to the Government")
        PROPOSALS = "proposals", _("proposals to the Government")
        ORDER = "order", _("ministerial order")
        DECREE = "decree", _("Government decree")
        OTHER = "other", _("other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    title_kk = models.TextField(_("measure (kk)"), blank=True)
    title_ru = models.TextField(_("measure (ru)"), blank=True)
    title_en = models.TextField(_("measure (en)"), blank=True)
    form_kind = models.CharField(
        _("form of completion"), max_length=12, choices=FormKind.choices, default=FormKind.OTHER
    )
    form_text_kk = models.TextField(_("form of completion (kk)"), blank=True)
    form_text_ru = models.TextField(_("form of completion (ru)"), blank=True)
    form_text_en = models.TextField(_("form of completion (en)"), blank=True)
    responsible_text = models.TextField(_("responsible agencies (as written)"), blank=True)
    deadline_text = models.CharField(_("deadline (as written)"), max_length=200, blank=True)
    schedule = models.JSONField(_("deadline schedule"), default=dict, blank=True)
    expenses_text = models.TextField(_("expected expenses (as written)"), blank=True)
    budget_note_kk = models.TextField(_("budget note (kk)"), blank=True)
    budget_note_ru = models.TextField(_("budget note (ru)"), blank=True)
    budget_note_en = models.TextField(_("budget note (en)"), blank=True)
    funding_source_kk = models.CharField(_("funding source (kk)"), max_length=200, blank=True)
    funding_source_ru = models.CharField(_("funding source (ru)"), max_length=200, blank=True)
    funding_source_en = models.CharField(_("funding source (en)"), max_length=200, blank=True)
    classified = models.BooleanField(_("classified"), default=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="measure_unique_number")]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        if self.classified:
            return str(_("measure %(number)s — classified") % {"number": self.number})
        return f"{self.number}. {marked_plain(self.title)}"

    @property
    def title(self) -> LocalText:
        return localized(self, "title")

    @property
    def form_text(self) -> LocalText:
        return localized(self, "form_text")

    @property
    def budget_note(self) -> LocalText:
        return localized(self, "budget_note")

    @property
    def funding_source(self) -> LocalText:
        return localized(self, "funding_source")

    def get_schedule(self):
        from .deadlines import Schedule

        return Schedule.from_json(self.schedule) if self.schedule else Schedule()

    @property
    def recurring(self) -> bool:
        """Due again and again (every year, or every N months): each occurrence is its own obligation.
        Read from the stored schedule as it is, so hand-made partial schedules answer too."""
        schedule = self.schedule or {}
        return schedule.get("annual_month") is not None or schedule.get("every_months") is not None

    @property
    def budget_total(self) -> Decimal:
        return self.budget_of(self.budget_lines.all())

    @staticmethod
    def budget_of(lines) -> Decimal:
        """The total of a measure's budget ``lines``."""
        return sum((line.amount for line in lines), Decimal(0))


class BudgetLine(models.Model):
    """Expected expenses of one measure for one year, thousand KZT."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount, thousand KZT"), max_digits=15, decimal_places=3)

    class Meta:
        # By the measure's id, not the measure: ordering through the relation would join the
        # measure and its plan to every read of the lines, which are read through their measure.
        ordering = ["measure_id", "year"]
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="budget_unique_year")]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.year} · {self.amount}"


class MeasureDueDate(models.Model):
    """A concrete due date of a measure's schedule inside the plan period (expanded on import)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="due_dates")
    due = models.DateField(_("due date"))

    class Meta:
        ordering = ["measure_id", "due"]
        constraints = [models.UniqueConstraint(fields=["measure", "due"], name="due_date_unique")]

    def __str__(self) -> str:
        return f"{self.measure.number}: {format_date(self.due, short=True)}"


class Responsibility(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="responsibilities")
    is_lead = models.BooleanField(_("lead (collects the others' input)"), default=False)
    by_agreement = models.BooleanField(_("by agreement"), default=False)
    order = models.PositiveSmallIntegerField(_("order as listed"), default=0)

    class Meta:
        ordering = ["measure_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "agency"], name="responsibility_unique"),
            models.UniqueConstraint(fields=["measure"], condition=Q(is_lead=True), name="one_lead_per_measure"),
        ]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        marks = [str(_("lead"))] * self.is_lead + [str(_("by agreement"))] * self.by_agreement
        return f"{self.agency.code}" + (f" ({', '.join(marks)})" if marks else "")


class ReportingPeriod(models.Model):
    """One reporting period of a plan (a quarter for Decree 1593) with its two due dates."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        OPEN = "open", _("in progress")
        REPORTING = "reporting", _("agencies reporting")
        CONSOLIDATING = "consolidating", _("ministry consolidating")
        CLOSED = "closed", _("closed")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("period in year"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    agency_due = models.DateField(_("agencies report by"))
    ministry_due = models.DateField(_("ministry reports by"))

    class Meta:
        ordering = ["plan", "start"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "number"], name="period_unique")]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """``2015Q4`` for quarters, ``2015H1`` for half-years, ``2015M07`` for months, ``2015`` for years."""
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return {
            3: f"{self.year}Q{self.number}",
            6: f"{self.year}H{self.number}",
            1: f"{self.year}M{self.number:02d}",
        }.get(months, str(self.year))

    def state(self, today: dt.date) -> ReportingPeriod.State:
        if today < self.start:
            return self.State.UPCOMING
        if today <= self.end:
            return self.State.OPEN
        if today <= self.agency_due:
            return self.State.REPORTING
        if today <= self.ministry_due:
            return self.State.CONSOLIDATING
        return self.State.CLOSED

    def days_left(self, today: dt.date) -> int:
        """Days until the agencies' due date; negative once it has passed."""
        return (self.agency_due - today).days

    @staticmethod
    def bounds(year: int, number: int, months: int, agency_day: int, ministry_day: int):
        """Start, end, agency due and ministry due of period ``number`` (1-based) of ``year``."""
        first_month = (number - 1) * months + 1
        start = dt.date(year, first_month, 1)
        last_month = first_month + months - 1
        end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        after = end + dt.timedelta(days=1)

        def day_of(month_start: dt.date, day: int) -> dt.date:
            return month_start.replace(day=min(day, calendar.monthrange(month_start.year, month_start.month)[1]))

        return start, end, day_of(after, agency_day), day_of(after, ministry_day)


class SubmissionHistoryBase(models.Model):
    """What a history entry records beyond the report's fields: the API token a change came
    through, if it did (set by ``api.history``), and the evidence file an entry added or removed."""

    api_token = models.ForeignKey(
        "accounts.ApiToken",
        verbose_name=_("API token"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_name = models.CharField(_("evidence file"), max_length=200, blank=True)

    class Meta:
        abstract = True


@receiver(pre_create_historical_record)
def _record_evidence_name(sender, instance, history_instance, **kwargs) -> None:
    # The services name the file an entry is about on the report (``_history_evidence_name``).
    if hasattr(history_instance, "evidence_name"):
        history_instance.evidence_name = getattr(instance, "_history_evidence_name", "")


class SubmissionQuerySet(models.QuerySet):
    def outstanding(self):
        """Not yet sent to the ministry (or sent back to the agency)."""
        return self.filter(status__in=Submission.OUTSTANDING)


class Submission(models.Model):
    """One agency's report on one measure for one reporting period.

    A row exists for every obligation (created when the period opens), so "missing" is a status
    rather than an absence. The lead's report is the consolidated one; co-executors' reports are
    their contributions to it; where no lead is named each report stands on its own.
    """

    class Status(models.TextChoices):
        DUE = "due", _("not started")
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("awaiting head's sign-off")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")
        # Nothing more is asked: the measure (or this occurrence) was accepted as completed.
        CLOSED = "closed", _("closed: measure completed")

    class Role(models.TextChoices):
        CONSOLIDATED = "consolidated", _("consolidated (lead)")
        CONTRIBUTION = "contribution", _("contribution")
        OWN = "own", _("own report")

    class Progress(models.TextChoices):
        COMPLETED = "completed", _("completed")
        IN_PROGRESS = "in_progress", _("in progress")
        NOT_STARTED = "not_started", _("not started")
        NOT_COMPLETED = "not_completed", _("not completed")

    class Timeliness(models.TextChoices):
        """How an obligation stands against its due date: the one definition of on time, late and
        missing, used by the dashboards, the reminders' digest and the PDF reports alike."""

        ON_TIME = "on_time", _("sent on time")
        LATE = "late", _("submitted late")
        RETURNED = "returned", _("returned")
        MISSING = "missing", _("missing")
        PENDING = "pending", _("not yet sent")
        CLOSED = "closed", _("not asked: measure completed")

    OUTSTANDING = (Status.DUE, Status.DRAFT, Status.SIGNED, Status.RETURNED)
    # Sent to the ministry (a returned report is back with the agency); lateness is that of the
    # first sending, kept across returns.
    REPORTED = (Status.SUBMITTED, Status.ACCEPTED)
    NOT_SENT = (Status.DUE, Status.DRAFT, Status.SIGNED)

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="submissions")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="submissions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="submissions")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.OWN)
    # The schedule date this report answers (a recurring measure's occurrence, or the one-off deadline).
    occurrence = models.DateField(_("due date of the measure"), null=True, blank=True)
    due = models.DateField(_("report due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE, db_index=True)

    progress = models.CharField(_("implementation"), max_length=14, choices=Progress.choices, blank=True)
    narrative = models.TextField(_("what was done"), blank=True)
    reason = models.TextField(_("reason it was not completed"), blank=True)
    letter_number = models.CharField(_("outgoing letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("outgoing letter date"), null=True, blank=True)
    act_number = models.CharField(_("act number"), max_length=60, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    spent = models.DecimalField(
        _("spent in the period, thousand KZT"), max_digits=14, decimal_places=1, null=True, blank=True
    )
    overspend_reason = models.TextField(_("reason for spending above the remaining budget"), blank=True)

    version = models.PositiveIntegerField(
        default=1, help_text="Optimistic lock: bumped on every save through a service."
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    days_late = models.PositiveIntegerField(_("days late"), default=0)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    times_returned = models.PositiveSmallIntegerField(default=0)
    # When the status last changed: how long a report has waited for its sign-off, review or resubmission.
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "self",
        verbose_name=_("closed by the accepted report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[SubmissionHistoryBase])
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["period", "measure__number", "agency__code"]
        constraints = [models.UniqueConstraint(fields=["period", "measure", "agency"], name="submission_unique")]
        indexes = [models.Index(fields=["agency", "status"]), models.Index(fields=["due", "status"])]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.period.label} · {self.measure.number} · {self.agency.code}"

    # What Django's get_FOO_display shows, read from the one choice asked for: Django's builds a
    # dict of every choice, translating each label, on every call (a dozen per row of a list).
    def get_status_display(self) -> str:
        return _choice_label(self.Status, self.status)

    def get_role_display(self) -> str:
        return _choice_label(self.Role, self.role)

    def get_progress_display(self) -> str:
        return _choice_label(self.Progress, self.progress)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    def timeliness(self, today: dt.date) -> Submission.Timeliness:
        T = self.Timeliness
        if self.status in self.REPORTED:
            return T.ON_TIME if self.days_late == 0 else T.LATE
        if self.status == self.Status.RETURNED:
            return T.RETURNED
        if self.status == self.Status.CLOSED:
            return T.CLOSED
        return T.MISSING if self.due < today else T.PENDING

    @classmethod
    def timeliness_filters(cls, today: dt.date) -> dict[str, Q]:
        """``timeliness`` as database conditions, for counts and filters over many rows."""
        T = cls.Timeliness
        return {
            T.ON_TIME: Q(status__in=cls.REPORTED, days_late=0),
            T.LATE: Q(status__in=cls.REPORTED, days_late__gt=0),
            T.RETURNED: Q(status=cls.Status.RETURNED),
            T.MISSING: Q(status__in=cls.NOT_SENT, due__lt=today),
            T.PENDING: Q(status__in=cls.NOT_SENT, due__gte=today),
            T.CLOSED: Q(status=cls.Status.CLOSED),
        }

    def overdue_days(self, today: dt.date) -> int:
        """Days past the report's due date while it is still outstanding."""
        if self.status not in self.OUTSTANDING:
            return 0
        return max((today - self.due).days, 0)


def evidence_path(instance: Evidence, filename: str) -> str:
    sub = instance.submission
    return f"evidence/{sub.period.plan.code}/{sub.period.label}/{sub.measure.number}/{sub.agency_id}/{filename}"


class Evidence(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size, bytes"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-app message (the bell): returned or accepted reports, reminders, escalations."""

    class Kind(models.TextChoices):
        RETURNED = "returned", _("report returned")
        ACCEPTED = "accepted", _("report accepted")
        REOPENED = "reopened", _("report reopened")
        REMINDER = "reminder", _("reminder")
        ESCALATION = "escalation", _("escalation")
        REPORT_READY = "report_ready", _("report ready")
        SIGN_OFF = "sign_off", _("awaiting your sign-off")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    # Kept for notifications made before ``params``; new ones are rendered from kind + params.
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """What the notification says, in the reader's active language (not the one of the
        moment it was made)."""
        from .notification_texts import notification_text

        return notification_text(self.kind, self.params) if self.params else self.message


class ReminderPolicy(models.Model):
    """When reminders go out for one plan, as data (days are relative to the agencies' due date)."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reminder_policy")
    days_before = models.JSONField(_("days before the due date"), default=list)  # e.g. [7, 3, 1]
    on_due_day = models.BooleanField(_("on the due day"), default=True)
    first_after = models.PositiveSmallIntegerField(_("first reminder, days after"), default=1)
    repeat_every = models.PositiveSmallIntegerField(_("then every N days"), default=3)
    escalate_head_after = models.PositiveSmallIntegerField(
        _("escalate to the agency head after N days late"), default=5
    )
    escalate_ministry_after = models.PositiveSmallIntegerField(
        _("escalate to the ministry after N days late"), default=10
    )
    ministry_days_before = models.JSONField(_("reminders to coordinators, days before the 15th"), default=list)
    # Stuck work: reminded when a report has waited this many days (and every as many days after).
    sign_off_after = models.PositiveSmallIntegerField(_("remind the head after N days awaiting sign-off"), default=3)
    review_after = models.PositiveSmallIntegerField(_("remind coordinators after N days unreviewed"), default=5)
    resubmit_after = models.PositiveSmallIntegerField(_("remind the officer after N days returned"), default=5)

    def __str__(self) -> str:
        return f"{self.plan.code}"


class Reminder(models.Model):
    """One reminder to one person about one report on one day, claimed before it is sent.

    The unique constraint is what makes sending exactly-once: two jobs racing on the same day
    both try to insert; one wins, the other skips.
    """

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the due date")
        DUE_DAY = "due_day", _("on the due date")
        OVERDUE = "overdue", _("overdue")
        ESCALATION_HEAD = "esc_head", _("escalated to agency head")
        ESCALATION_MINISTRY = "esc_ministry", _("escalated to ministry")
        MINISTRY_DIGEST = "ministry", _("ministry deadline digest")
        STUCK_SIGN_OFF = "stuck_sign", _("awaiting the head's sign-off")
        STUCK_REVIEW = "stuck_review", _("waiting for the ministry's review")
        STUCK_RETURNED = "stuck_return", _("returned, not yet resubmitted")

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reminders", null=True, blank=True
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    on_date = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.CLAIMED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The one e-mail that carried this reminder (with the day's other reminders of the recipient).
    email = models.ForeignKey(
        "outbox.Email", on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )

    class Meta:
        ordering = ["-on_date", "recipient_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "submission", "kind", "on_date"], name="reminder_once"),
            models.UniqueConstraint(
                fields=["recipient", "period", "kind", "on_date"], condition=Q(submission=None), name="digest_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {format_date(self.on_date, short=True)} · {self.recipient_id}"


class PlanVersionQuerySet(models.QuerySet):
    pass


class PlanVersionManager(models.Manager.from_queryset(PlanVersionQuerySet)):
    def get_queryset(self):
        # Every list of versions names who applied each; the file itself is loaded only when downloaded.
        return super().get_queryset().select_related("applied_by").defer("file_content")


class PlanVersion(models.Model):
    """One applied plan file: who applied it and when, the file itself, and the act that made the change."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("approving act")
        AMENDMENT = "amendment", _("amendment")
        CORRECTION = "correction", _("correction of the transcription")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("what the act is"), max_length=10, choices=Kind.choices)
    act_kind = models.CharField(_("act"), max_length=10, choices=Plan.ActKind.choices, blank=True)
    act_number = models.CharField(_("act number"), max_length=40, blank=True)
    act_date = models.DateField(_("act date"), null=True, blank=True)
    effective_date = models.DateField(_("in force from"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied"))
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Kept in the database so that the version and its file are written in the same transaction.
    file_content = models.BinaryField(_("file"), blank=True)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    changes = models.JSONField(_("what it changed"), default=dict)

    objects = PlanVersionManager()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")

    def __str__(self) -> str:
        return f"{self.plan.code} v{self.number}"


class PlanUpload(models.Model):
    """A plan file uploaded for preview, waiting to be applied (or left)."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()
    checksum = models.CharField(max_length=64)
    applied_version = models.ForeignKey(PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({format_date(self.uploaded_at, short=True)})" if self.uploaded_at else self.file_name


class DataGeneration(models.Model):
    """One row whose token database triggers replace in the same transaction as any write to a
    plans table (migration 0011 lists them); pages computed from those tables are cached under it."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str | None:
        """Read before the data it guards. None after a flush emptied the table: nothing is cached
        then until the next write gives the row back (the triggers upsert it)."""
        if connection.vendor != "postgresql":
            return cls.objects.filter(pk=1).values_list("token", flat=True).first()
        with connection.cursor() as cursor:
            # Renewals wait for the commit; this transaction's own writes renew it now, and its
            # next write (now renewing at once) renews it again, so that no page this transaction
            # caches is filed under a token its later writes keep.
            cursor.execute("SET CONSTRAINTS plans_data_generation IMMEDIATE")
            cursor.execute(
                "SELECT token, set_config('plans.generation_renewed', '', true) FROM plans_datageneration WHERE id = 1"
            )
            row = cursor.fetchone()
        return row[0] if row else None
