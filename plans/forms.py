from django import forms
from django.utils.translation import gettext_lazy as _

from . import widgets
from .models import Reminder, ReminderPolicy, Submission
from .services import EDITABLE_FIELDS, POLICY_FIELDS, REASON_MAX, TEXT_LIMITS

DATE = widgets.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", widgets.MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class SubmissionForm(widgets.InlineLabels, forms.ModelForm):
    """The report form. Nothing is required here: a half-filled form is saved as a draft, and
    completeness is checked by ``submission_submit`` when the report is sent."""

    version = forms.IntegerField(widget=widgets.HiddenInput)
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=widgets.MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"}),
        help_text=_("PDF, DOCX, XLSX, PNG or JPEG; several files at once are fine."),
    )

    class Meta:
        model = Submission
        fields = EDITABLE_FIELDS
        # Rendered in Python: the form every officer opens on deadline day (see plans.widgets).
        widgets = {
            "progress": widgets.OptionsSelect,
            "narrative": widgets.Textarea(attrs={"rows": 8}),
            "reason": widgets.Textarea(attrs={"rows": 3}),
            "letter_number": widgets.TextInput,
            "letter_date": DATE,
            "act_number": widgets.TextInput,
            "act_date": DATE,
            "spent": widgets.NumberInput,
            "overspend_reason": widgets.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"spent": _("Thousand KZT, spent in this period only.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = [("", "—")] + list(Submission.Progress.choices)
        self.fields["spent"].widget.attrs["min"] = "0"
        for name, limit in TEXT_LIMITS.items():
            _limit(self.fields[name], limit)
        if self.instance.role == Submission.Role.CONTRIBUTION:
            # A co-executor writes to the lead agency, never to the Government.
            self.fields["narrative"].label = _("What your agency contributed")
            self.fields["letter_number"].label = _("Number of your letter to the lead agency (if you sent one)")
            self.fields["letter_date"].label = _("Date of your letter to the lead agency")
            for name in ("act_number", "act_date"):
                del self.fields[name]

    def clean_spent(self):
        spent = self.cleaned_data.get("spent")
        if spent is not None and spent < 0:
            raise forms.ValidationError(_("The amount spent cannot be negative."))
        return spent


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit(self.fields["reason"], REASON_MAX)


def _limit(field, limit: int) -> None:
    """The stated maximum: the browser's counter reads ``maxlength``; the services enforce it
    (counting a line break once, as the browser does)."""
    field.widget.attrs["maxlength"] = str(limit)
    field.widget.attrs["data-counter"] = "1"
    stated = _("Up to %(limit)s characters.") % {"limit": limit}
    field.help_text = f"{field.help_text} {stated}".strip() if field.help_text else stated


# --- the coordinators' reminders page ------------------------------------------------------------


class StatusFilter(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("all"))] + Reminder.Status.choices)


class ScheduleForm(forms.Form):
    at = forms.TimeField(label=_("Runs daily at (Almaty time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    enabled = forms.BooleanField(label=_("enabled"), required=False)


class DaysField(forms.CharField):
    """Days as the coordinator types them, "7, 3, 1"; stored as a list, largest first."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            days = sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers of days separated by commas, for example 7, 3, 1.")
            ) from None
        if any(not 1 <= d <= 60 for d in days):
            raise forms.ValidationError(_("Each number of days must be between 1 and 60."))
        return days

    def prepare_value(self, value):
        return ", ".join(str(d) for d in value) if isinstance(value, list) else value


class PolicyForm(forms.ModelForm):
    days_before = DaysField(label=_("Days before the agencies' due date"), required=False)
    ministry_days_before = DaysField(
        label=_("Digest to coordinators, days before the ministry's due date"), required=False
    )

    class Meta:
        model = ReminderPolicy
        fields = POLICY_FIELDS
