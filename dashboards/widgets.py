"""Form widgets that render in proportion to what they show.

Django's ``Select`` renders every option through a template include; on a dashboard's filter
form (40 agencies, dozens of periods and plans) that was a large share of the page's time. This
one builds the same markup in one pass.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


class OptionsSelect(forms.Select):
    """A single-choice ``<select>`` producing the same HTML as Django's, without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(label)}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), mark_safe("".join(options)))
