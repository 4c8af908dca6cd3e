"""Nothing an office, a clerk or a leader reaches links or posts into Django admin.

Each persona of the URL-access world (``tests/test_url_access.py``: a plan in 调度 with reports in
every state, evidence, a notice, a pending import) crawls from the home page along every link and
every form it is shown, as far as its pages go, and every page is checked for ``/admin/``.
"""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from tests.factories import shared_world
from tests.test_url_access import _build_world

ADMIN = "/admin/"
LINK = re.compile(r'\b(?:href|action|src|hx-get|hx-post|formaction)="([^"]*)"')
# Leaving the crawl: signing out ends the session, the language switch changes every page after it.
NOT_FOLLOWED = ("/logout/", "/i18n/", "/static/", "/media/")
MAX_PAGES = 250


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with shared_world(django_db_blocker, tmp_path_factory.mktemp("media")):
        yield _build_world()


def _crawl(client: Client) -> tuple[dict[str, list[str]], int]:
    """{page: [admin links on it]} for every page reached that shows one, and the number of pages."""
    seen, queue, found = {"/"}, deque(["/"]), {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, follow=True)
        pages += 1
        assert response.status_code < 500, f"{url}: {response.status_code}"
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        for target in LINK.findall(response.content.decode()):
            target = unescape(target)
            absolute = urljoin(final, target)
            parts = urlsplit(absolute)
            if ADMIN in parts.path or ADMIN in target:
                found.setdefault(url, []).append(target)
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link.startswith(NOT_FOLLOWED) or link in seen:
                continue
            seen.add(link)
            queue.append(link)
    return found, pages


@pytest.mark.parametrize("persona", ["office", "lead_clerk", "co_clerk", "leader", "other_office"])
def test_no_page_a_persona_reaches_points_into_the_admin(world, db, persona):
    client = Client()
    client.force_login(world.users[persona])
    found, pages = _crawl(client)
    assert pages > 10, f"the crawl reached only {pages} pages"
    assert not found, f"{persona} is shown links into Django admin: {found}"
