"""预览: PDF and images inline with the type read from their bytes, everything else downloaded.

Files are stored directly (``EvidenceFileFactory`` without the upload check), so that a file
whose bytes are not what its name and recorded type say can be served at all: the preview
must not trust either.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.lib.sniff import inline_type
from fazhi.tracking.models import ReportEvidence
from tests.factories import PDF, EvidenceFileFactory
from tests.tracking.domain_helpers import add_task, assignment, make_plan, period, report, start_tracking

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize("head, expected", [
    (PDF + b"1 0 obj", "application/pdf"),
    (PNG, "image/png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    (b"GIF89a\x01\x00", "image/gif"),
    (b"GIF87a\x01\x00", "image/gif"),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
    (b"PK\x03\x04\x14\x00", None),  # docx, xlsx, ofd
    (HTML, None),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),  # SVG runs scripts: never inline
    (b" %PDF-1.7", None),
    (b"", None),
])
def test_the_inline_type_comes_from_the_leading_bytes(head, expected):
    assert inline_type(head) == expected


@pytest.fixture
def cited(personas):
    """A report of 县司法局 citing ``cited(name, content, content_type)`` files."""
    plan = make_plan(personas)
    task = add_task(plan, 1, lead=personas.lead_unit, co=[personas.co_unit], deadlines=[("ongoing", None, "")])
    start_tracking(plan, personas)
    lead_report = report(personas, assignment(task, personas.lead_unit), period(plan, "month", "2022-07-01"))

    def cite(name, content, content_type="application/pdf"):
        evidence = EvidenceFileFactory(by=personas.lead_clerk, name=name, content=content)
        evidence.content_type = content_type
        evidence.save()
        ReportEvidence.objects.create(report=lead_report, evidence=evidence, added_by=personas.lead_clerk)
        return evidence

    return cite


def _preview(client, evidence):
    return client.get(reverse("tracking:evidence_preview", args=[evidence.pk]))


def test_a_pdf_is_shown_inline_as_pdf(client, personas, cited):
    evidence = cited("会议纪要.pdf", PDF + b"1 0 obj")
    client.force_login(personas.office)
    response = _preview(client, evidence)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF + b"1 0 obj"


def test_an_image_is_shown_inline_with_the_type_of_its_bytes_not_its_name(client, personas, cited):
    evidence = cited("现场照片.jpg", PNG, content_type="image/jpeg")
    client.force_login(personas.lead_clerk)
    response = _preview(client, evidence)
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("name, content_type", [("通知.pdf", "application/pdf"), ("截图.png", "image/png"),
                                                ("page.html", "text/html")])
def test_html_under_any_name_is_downloaded_never_shown(client, personas, cited, name, content_type):
    evidence = cited(name, HTML, content_type=content_type)
    client.force_login(personas.office)
    response = _preview(client, evidence)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_word_file_is_downloaded(client, personas, cited):
    evidence = cited("方案.docx", b"PK\x03\x04" + b"\x00" * 20,
                     content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    client.force_login(personas.office)
    response = _preview(client, evidence)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"


def test_the_preview_follows_the_download_rule(client, personas, cited, other_county_office):
    evidence = cited("会议纪要.pdf", PDF + b"secret")
    for user, status in ((personas.co_clerk, 403), (personas.outsider_clerk, 403), (other_county_office, 404),
                         (personas.leader_user, 403)):
        client.force_login(user)
        assert _preview(client, evidence).status_code == status, user.username
        assert client.get(reverse("tracking:evidence_download", args=[evidence.pk])).status_code == status


def test_the_report_page_offers_preview_only_for_pdf_and_images(client, personas, cited):
    pdf = cited("会议纪要.pdf", PDF + b"1")
    image = cited("现场照片.png", PNG, content_type="image/png")
    word = cited("方案.docx", b"PK\x03\x04" + b"\x00" * 20,
                 content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    client.force_login(personas.office)
    report_pk = ReportEvidence.objects.get(evidence=pdf).report_id
    html = client.get(reverse("tracking:report_review", args=[report_pk])).content.decode()
    for evidence in (pdf, image):
        assert f'href="{reverse("tracking:evidence_preview", args=[evidence.pk])}"' in html
    assert f'<img class="evidence-thumb" src="{reverse("tracking:evidence_preview", args=[image.pk])}"' in html
    assert reverse("tracking:evidence_preview", args=[word.pk]) not in html
    assert reverse("tracking:evidence_download", args=[word.pk]) in html
