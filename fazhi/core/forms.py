"""Form pieces every screen shares."""

from django import forms
from django.db import models

ISO_DATE = "%Y-%m-%d"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ISO (``2026-10-01``), whatever the locale:
    the browser accepts nothing else, and zh-hans would render ``2026/10/01`` (its first
    DATE_INPUT_FORMATS), which the browser rejects, showing an empty field."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


def iso_date_formfield(field, **kwargs):
    """A ModelForm ``formfield_callback``: every date (not date-time) field gets ``IsoDateInput``."""
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        kwargs.setdefault("widget", IsoDateInput)
    return field.formfield(**kwargs)
