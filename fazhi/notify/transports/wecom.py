"""企业微信 group robot. Its markdown message has no title field: the text carries the heading."""

from __future__ import annotations

from fazhi.notify.transports.base import Message, Transport, http_post_json, markdown_with_link


class WeComTransport(Transport):
    kind = "wecom"

    def __init__(self, url: str):
        self.url = url

    def send(self, message: Message) -> None:
        http_post_json(self.url, {"msgtype": "markdown", "markdown": {"content": markdown_with_link(message)}})
