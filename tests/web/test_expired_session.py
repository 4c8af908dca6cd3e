"""What a request meets when its session has expired: an htmx request gets 401 with the way
back (never the login page to swap into a card), a plain POST goes to the login page and comes
back to the page the form was on (never a 405 on a POST-only URL), and a form posted without a
valid CSRF token gets a Chinese page in the site's layout."""

from __future__ import annotations

import re
import time
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from fazhi.web.sessions import SIGNED_IN_AT
from tests.factories import PASSWORD, PlanFactory, TaskFactory, assignment_of, period_of, tracking_started


@pytest.fixture
def card(personas):
    plan = PlanFactory(jurisdiction=personas.jurisdiction)
    task = TaskFactory(plan=plan, lead_units=[personas.lead_unit], ongoing=True)
    tracking_started(plan, through=date(2022, 7, 31))
    return assignment_of(task, personas.lead_unit), period_of(plan, "month", "2022-07-01")


def _visible(response) -> str:
    """The words a person reads on the page: the text of its <main>."""
    html = response.content.decode()
    return strip_tags(html[html.index("<main"):html.index("</main>")])


def _next_of(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == reverse("login")
    return parse_qs(parts.query)["next"][0]


def test_an_htmx_autosave_without_a_session_gets_401_and_the_way_back(card, client):
    assignment, period = card
    response = client.post(reverse("tracking:report_save", args=[assignment.pk, period.pk]), {"x": "1"},
                           headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/tracking/?page=2"})
    assert response.status_code == 401
    assert _next_of(response["X-Fazhi-Login"]) == "/tracking/?page=2"
    text = response.content.decode()
    assert "登录已过期" in text and "<html" not in text


def test_an_htmx_request_from_another_site_is_sent_back_home(card, client):
    assignment, period = card
    response = client.post(reverse("tracking:report_save", args=[assignment.pk, period.pk]),
                           headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/x"})
    assert response.status_code == 401 and _next_of(response["X-Fazhi-Login"]) == "/"


def test_a_plain_post_without_a_session_comes_back_to_the_form_page_not_a_405(card, client, personas):
    assignment, period = card
    submit = reverse("tracking:report_submit", args=[assignment.pk, period.pk])
    response = client.post(submit, {"x": "1"}, headers={"Referer": "http://testserver/tracking/?page=2"})
    assert response.status_code == 302
    back = _next_of(response["Location"])
    assert back == "/tracking/?page=2"
    # Signing in sends the user to that page, which a GET can open (the POST-only URL would be a 405).
    client.force_login(personas.lead_clerk)
    assert client.get(back).status_code == 200
    assert client.get(submit).status_code == 405  # what the old redirect led to


@pytest.mark.parametrize("referer", ["", "https://evil.example/tracking/", "not a url"])
def test_a_plain_post_without_a_usable_referer_goes_home_after_login(card, client, referer):
    assignment, period = card
    headers = {"Referer": referer} if referer else {}
    response = client.post(reverse("tracking:report_submit", args=[assignment.pk, period.pk]), headers=headers)
    assert _next_of(response["Location"]) == "/"


def test_a_page_without_a_session_still_comes_back_to_itself(client):
    response = client.get(reverse("tracking:my_home") + "?page=2")
    assert response.status_code == 302 and _next_of(response["Location"]) == "/tracking/?page=2"


def test_a_signed_in_htmx_request_is_untouched(card, client, personas):
    assignment, period = card
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_save", args=[assignment.pk, period.pk]),
                           {f"a{assignment.pk}p{period.pk}-status": "in_progress",
                            f"a{assignment.pk}p{period.pk}-narrative": "已完成"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and "已自动保存" in response.content.decode()


def test_an_htmx_request_refused_to_a_signed_in_user_stays_a_403(card, client, personas):
    assignment, period = card
    client.force_login(personas.outsider_clerk)
    response = client.post(reverse("tracking:report_save", args=[assignment.pk, period.pk]),
                           headers={"HX-Request": "true"})
    assert response.status_code in (403, 404) and "X-Fazhi-Login" not in response


def test_logout_still_goes_to_the_login_page(client, personas):
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("logout"), headers={"Referer": "http://testserver/tracking/?unit=3"})
    # No way back to the last user's page for whoever signs in next on this computer.
    assert response.status_code == 302 and response["Location"] == reverse("login")


# ---------------------------------------------------------------- CSRF


def test_a_post_without_a_csrf_token_gets_the_chinese_page(card, personas):
    assignment, period = card
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("tracking:report_submit", args=[assignment.pk, period.pk]), {"x": "1"},
                           headers={"Referer": "http://testserver/tracking/"})
    assert response.status_code == 403
    assert response["X-Fazhi-Csrf"] == "1"
    html, text = response.content.decode(), _visible(response)
    assert "页面已过期" in text and "刷新" in text and "恢复未保存的内容" in text
    assert 'href="http://testserver/tracking/"' in html  # back to the form's page
    assert 'class="topbar"' in html  # the site's layout
    for english in ("CSRF", "Forbidden", "DEBUG", "cookie", "Referer", "reason"):
        assert english not in text


def test_the_csrf_page_links_home_for_a_foreign_referer(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.lead_clerk)
    response = client.post(reverse("logout"), headers={"Referer": "https://evil.example/"})
    assert response.status_code == 403 and 'href="/"' in response.content.decode()


def test_the_csrf_page_stays_chinese_under_debug(card, personas, settings):
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and "页面已过期" in _visible(response)
    assert "CSRF" not in _visible(response) and "Help" not in _visible(response)


def test_sessions_last_eight_hours_by_default(settings):
    assert settings.FAZHI_SESSION_HOURS == 8 and settings.SESSION_COOKIE_AGE == 8 * 3600


# ---------------------------------------------------------------- the warning before expiry


def test_pages_say_when_the_sign_in_runs_out(client, personas, settings):
    settings.SESSION_COOKIE_AGE = 2 * 3600
    before = int(time.time())
    response = client.post(reverse("login"), {"username": "lead_clerk", "password": PASSWORD}, follow=True)
    after = int(time.time())
    html = response.content.decode()
    expires = int(re.search(r'data-session-expires="(\d+)"', html).group(1))
    assert (before + 2 * 3600) * 1000 <= expires <= (after + 2 * 3600) * 1000
    assert client.session[SIGNED_IN_AT] in range(before, after + 1)


def test_a_session_from_before_the_sign_in_time_was_kept_gets_no_warning(client, personas):
    client.force_login(personas.lead_clerk)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert "data-session-expires" not in client.get(reverse("web:todo")).content.decode()


def test_anonymous_pages_get_no_warning(client):
    assert "data-session-expires" not in client.get(reverse("login")).content.decode()
