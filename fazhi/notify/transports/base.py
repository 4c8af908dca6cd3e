"""What every transport shares: the message it carries, the one method it has, and the JSON post
the group robots use."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from urllib.request import Request, urlopen

HTTP_TIMEOUT = 10


@dataclass(frozen=True)
class Message:
    """A notification as every transport carries it.

    ``text`` is Markdown: the robots render it, and e-mail shows it as it is, which reads well
    enough. ``link``, when given, points into the platform and is added at the end.
    """

    title: str
    text: str
    link: str = ""


class Transport(ABC):
    """One way of sending. ``send`` raises on any failure, so the caller can record it and retry."""

    kind: str

    @abstractmethod
    def send(self, message: Message) -> None: ...


def http_post_json(url: str, payload: dict) -> dict:
    """POST ``payload`` to a group robot; the robots answer errcode 0 on success."""
    request = Request(url, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                      headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    with urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310 - admin-configured robot URL
        body = response.read().decode("utf-8") or "{}"
    answer = json.loads(body)
    if answer.get("errcode", 0) != 0:
        raise RuntimeError(f"robot answered {answer}")
    return answer


def markdown_with_link(message: Message) -> str:
    return f"{message.text}\n\n[{message.title}]({message.link})" if message.link else message.text
