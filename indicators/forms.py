from django import forms
from django.utils.translation import gettext_lazy as _

from .formats import MAX_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File with observations"),
        help_text=_("SDMX-CSV (UTF-8 or Windows-1251, “,” or “;”), JSON-stat 2.0 or the XLSX template; at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ExportForm(forms.Form):
    FORMATS = [("sdmx-csv", "SDMX-CSV"), ("json-stat", "JSON-stat 2.0"), ("xlsx", "XLSX")]
    format = forms.ChoiceField(label=_("Format"), choices=FORMATS, initial="sdmx-csv")
    indicator = forms.CharField(
        label=_("Indicator codes (comma-separated, empty for all)"), required=False, max_length=2000
    )
    territory = forms.CharField(
        label=_("Territory codes (comma-separated, empty for all)"), required=False, max_length=2000
    )
    history = forms.BooleanField(label=_("Include superseded revisions"), required=False)
