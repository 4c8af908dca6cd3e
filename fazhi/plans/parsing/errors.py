"""The one error the importer raises: a document it cannot read."""

from __future__ import annotations

from fazhi.lib.limits import InputRejected


class DocumentReadError(InputRejected):
    """A file that cannot be turned into text, with a message for the user in both languages.

    ``message_zh`` says what went wrong and what to do; ``str(err)`` is
    "message_zh / message_en" for logs and the CLI. A file refused by one of the
    read limits raises this too.
    """
