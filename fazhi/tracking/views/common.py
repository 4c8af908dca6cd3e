"""Small helpers shared by the tracking screens."""

from __future__ import annotations

from fazhi.tracking.models import ProgressReport


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def label_transitions(transitions) -> list:
    """Give each ReportTransition readable ``from_label``/``to_label`` for the templates."""
    labels = dict(ProgressReport.State.choices)
    transitions = list(transitions)
    for t in transitions:
        t.from_label = labels.get(t.from_state, t.from_state)
        t.to_label = labels.get(t.to_state, t.to_state)
    return transitions
