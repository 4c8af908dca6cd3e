"""Safe defaults: strict booleans, CSP, no-store for signed-in pages, the deploy checks and HSTS."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from fazhi.settings import _env_bool

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw, value", [
    ("1", True), ("true", True), ("TRUE", True), ("Yes", True), ("on", True), (" true ", True),
    ("0", False), ("false", False), ("False", False), ("NO", False), ("off", False),
])
def test_a_boolean_variable_takes_only_the_documented_spellings(monkeypatch, raw, value):
    monkeypatch.setenv("FAZHI_SOMETHING", raw)
    assert _env_bool("FAZHI_SOMETHING", not value) is value


@pytest.mark.parametrize("raw", ["2", "ture", "y", "enabled", "真"])
def test_any_other_spelling_stops_start_up_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("FAZHI_SOMETHING", raw)
    with pytest.raises(ImproperlyConfigured, match="FAZHI_SOMETHING"):
        _env_bool("FAZHI_SOMETHING", False)


def _settings_in_subprocess(env: dict, code: str = "import fazhi.settings") -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "SECRET_KEY", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "fazhi.settings", **env})


def test_a_misspelt_boolean_in_the_environment_stops_the_settings(tmp_path):
    result = _settings_in_subprocess({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_SECURE_COOKIES": "ture"})
    assert result.returncode != 0 and "FAZHI_SECURE_COOKIES" in result.stderr


def test_require_secret_key_off_means_off_and_on_means_every_command_refuses(tmp_path):
    assert _settings_in_subprocess({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_REQUIRE_SECRET_KEY": "0"}).returncode == 0
    result = _settings_in_subprocess({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_REQUIRE_SECRET_KEY": "1"})
    assert result.returncode != 0 and "请设置环境变量 SECRET_KEY" in result.stderr


def test_every_page_carries_a_self_only_content_security_policy(client, personas):
    client.force_login(personas.office)
    for path in ["/login/", "/plans/", "/tracking/board/", "/no-such-page/"]:
        policy = client.get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_signed_in_pages_are_not_stored_and_static_files_keep_caching(client, personas):
    client.force_login(personas.lead_clerk)
    page = client.get("/tracking/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    static = client.get("/static/fazhi/fazhi.js")
    assert static.status_code == 200 and "no-store" not in static["Cache-Control"]
    assert "max-age" in static["Cache-Control"]


def test_an_anonymous_page_is_left_to_its_view(client, db):
    response = client.get("/i18n/setlang/")  # a redirect nobody signed in
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_holds_inline_script_or_style():
    """The policy forbids them; the browser tests would see the violation, this names the file."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)|\bstyle=|<style|\son[a-z]+=|hx-on", re.IGNORECASE)
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "fazhi").rglob("*.html")
                 if inline.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def _deployment_environment() -> dict:
    """The variables the README's deployment section exports, as a production operator sets them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 部署 / Deployment", 1)[1].split("\n## ", 1)[0]
    block = section.split("export ", 1)[1].split("\n/opt", 1)[0]
    return dict(re.findall(r"([A-Z_]+)=(\S+)", block))


def test_the_deploy_checks_pass_with_the_documented_production_settings(tmp_path):
    env = _deployment_environment()
    for name in ["SECRET_KEY", "ALLOWED_HOSTS", "FAZHI_SECURE_COOKIES", "FAZHI_HSTS_SECONDS", "FAZHI_SSL_REDIRECT"]:
        assert name in env, f"the README's deployment section no longer sets {name}"
    # The README's placeholders stand for a real key and a PostgreSQL server; use a key and SQLite here.
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=f"sqlite:///{tmp_path}/fazhi.sqlite3",
               FAZHI_VAR_DIR=str(tmp_path))
    result = _settings_in_subprocess(env, "from fazhi.cli import main; main(['manage', 'check', '--deploy', "
                                          "'--fail-level', 'WARNING'])")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_without_the_production_settings_the_deploy_checks_do_complain(tmp_path):
    result = _settings_in_subprocess({"FAZHI_VAR_DIR": str(tmp_path)},
                                     "from fazhi.cli import main; main(['manage', 'check', '--deploy'])")
    for warning in ["security.W004", "security.W008", "security.W009", "security.W012", "security.W016"]:
        assert warning in result.stderr + result.stdout


def test_hsts_is_sent_when_configured(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_https_is_recognised_from_a_trusted_proxy_header(tmp_path):
    code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = _settings_in_subprocess({"FAZHI_VAR_DIR": str(tmp_path), "FAZHI_TRUST_X_FORWARDED_PROTO": "true"}, code)
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
