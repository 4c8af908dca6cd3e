"""The one error the importer raises: a document it cannot read."""

from __future__ import annotations


class DocumentReadError(Exception):
    """A file that cannot be turned into text, with a message for the user in both languages.

    ``message_zh`` says what went wrong and what to do; ``str(err)`` is
    "message_zh / message_en" for logs and the CLI.
    """

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en
