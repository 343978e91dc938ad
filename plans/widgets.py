"""Form widgets that render in proportion to what they show.

Django renders every widget through a template, its attributes through an included one, and a
``<select>`` through one more include per option; on a dashboard's filter form (40 agencies, dozens
of periods and plans) and on the report form every officer opens on deadline day, that was a large
share of the page's time. These build the same HTML in Python, from the context Django's own
widget computes (attributes, ids, formatted values), so only the rendering step differs; so does
``InlineLabels`` for each field's ``<label>``.
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def attributes(attrs: dict) -> str:
    """As Django's ``attrs.html``: in their order, ``True`` as a bare name, ``False`` left out."""
    return mark_safe(
        "".join(
            f" {conditional_escape(k)}" if v is True else f' {conditional_escape(k)}="{conditional_escape(v)}"'
            for k, v in attrs.items()
            if v is not False
        )
    )


class InlineLabels:
    """Form mixin: each field's ``<label>`` as Django's ``label.html`` writes it, without a template
    render per label (ten on the report form)."""

    def render(self, template_name=None, context=None, renderer=None):
        if template_name == self.template_name_label and context is not None:
            return label(context)
        return super().render(template_name, context, renderer)


def label(c: dict) -> str:
    if not c["use_tag"]:
        return conditional_escape(c["label"])
    return format_html("<{}{}>{}</{}>", c["tag"], attributes(c["attrs"] or {}), c["label"], c["tag"])


class _Inline:
    def render(self, name, value, attrs=None, renderer=None):
        return self.markup(self.get_context(name, value, attrs)["widget"])


class _InlineInput(_Inline):
    def markup(self, w: dict) -> str:
        value = "" if w.get("value") is None else format_html(' value="{}"', str(w["value"]))
        return format_html('<input type="{}" name="{}"{}{}>', w["type"], w["name"], value, attributes(w["attrs"]))


class TextInput(_InlineInput, forms.TextInput):
    pass


class NumberInput(_InlineInput, forms.NumberInput):
    pass


class DateInput(_InlineInput, forms.DateInput):
    pass


class HiddenInput(_InlineInput, forms.HiddenInput):
    pass


class MultipleFileInput(_InlineInput, forms.ClearableFileInput):
    """Several files from one input (Django's documented recipe); never shows a current file."""

    allow_multiple_selected = True

    def markup(self, w: dict) -> str:
        return super().markup({**w, "value": None})


class Textarea(_Inline, forms.Textarea):
    def markup(self, w: dict) -> str:
        return format_html('<textarea name="{}"{}>\n{}</textarea>', w["name"], attributes(w["attrs"]), w["value"] or "")


class OptionsSelect(forms.Select):
    """A single-choice ``<select>`` producing the same HTML as Django's, without a template per option."""

    def use_required_attribute(self, initial):
        # Django's reads the first option to decide, which for a model choice field is a query of
        # its own; the answer only counts for a required field (BoundField.build_widget_attrs).
        return self.is_required and super().use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, text in self.choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            if selected:
                chosen = set()  # one choice: only the first option of that value is selected, as in Django
            options.append(f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(text)}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>', name, attributes(final_attrs), mark_safe("".join(options))
        )
