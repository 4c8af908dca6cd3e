"""The plan importer: document bytes or text in, a typed :class:`Ledger` out.

No Django import anywhere in this package, so it runs in the CLI, in tests and
in a web request alike. Public API::

    parse_text(text) -> Ledger
    ledger_with_trace(text) -> ParseResult   # ledger + role of every line
    read_document(data, filename) -> DocumentText
    parse_document(data, filename) -> Ledger
    parse_path(path) -> Ledger
    DocumentReadError  (message_zh, message_en)
"""

from .document import parse_document, parse_path
from .errors import DocumentReadError
from .ledger import Deadline, Doubt, Goal, Heading, Ledger, PlanMeta, Target, Task, Unparsed
from .pipeline import ParseResult, ledger_with_trace, parse_text
from .readers import DocumentText, read_document

__all__ = [
    "Deadline",
    "Doubt",
    "DocumentReadError",
    "DocumentText",
    "Goal",
    "Heading",
    "Ledger",
    "ParseResult",
    "PlanMeta",
    "Target",
    "Task",
    "Unparsed",
    "ledger_with_trace",
    "parse_document",
    "parse_path",
    "parse_text",
    "read_document",
]
