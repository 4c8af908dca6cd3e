"""Template helpers of the import preview."""

from django import template

from fazhi.plans.import_review import unit_suggestions

register = template.Library()


@register.filter
def suggestions(row):
    """The ranked directory candidates for an unmatched phrase row (empty when matching offers none)."""
    return unit_suggestions(row)
