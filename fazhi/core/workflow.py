"""A state machine as a table: (action, from state) → (to state, permission check).

Each check takes the arguments the caller passes and returns ``None`` when allowed, else
the reason shown to the user. Domain apps declare their own tables; this holds no states.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Check = Callable[..., str | None]


@dataclass(frozen=True)
class Workflow:
    transitions: dict[tuple[str, str], tuple[str, Check]]

    def target(self, action: str, state: str) -> str | None:
        """The state ``action`` leads to from ``state``, or None when the table has no such step."""
        entry = self.transitions.get((action, state))
        return entry[0] if entry else None

    def reason_cannot(self, action: str, state: str, *args, not_allowed: str) -> str | None:
        """Why ``action`` may not be taken from ``state``; ``not_allowed`` when the table lacks the step."""
        entry = self.transitions.get((action, state))
        if entry is None:
            return not_allowed
        return entry[1](*args)

    def actions_from(self, state: str) -> list[str]:
        return [action for (action, from_state) in self.transitions if from_state == state]
