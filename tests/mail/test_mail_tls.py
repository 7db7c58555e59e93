"""STARTTLS and implicit TLS against a loopback server with a certificate the test makes."""

from __future__ import annotations

import pytest

from tests.mail.support import (
    RecordingHandler,
    make_project,
    password_checker,
    self_signed_certificate,
    server_tls_context,
    smtp_server,
)
from tests.mail.test_mail import run_mail

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def handler():
    return RecordingHandler()


@pytest.fixture
def starttls_port(certificate, handler):
    options = {
        "tls_context": server_tls_context(*certificate),
        "require_starttls": True,
        "authenticator": password_checker("desk", PASSWORD),
        "auth_require_tls": True,
    }
    with smtp_server(handler, **options) as port:
        yield port


def trusting_project(tmp_path, port, certificate, **mail):
    root = make_project(tmp_path / "newsroom", port, security="starttls", **mail)
    (root / "relay-cert.pem").write_bytes(certificate[1].read_bytes())
    return root


def test_starttls_with_a_trusted_certificate_delivers(tmp_path, starttls_port, certificate, handler):
    root = trusting_project(tmp_path, starttls_port, certificate, ca_file="relay-cert.pem", username="desk")
    summary = run_mail(root, ["ana@example.org"], environ={"BRIEFGEN_SMTP_PASSWORD": PASSWORD})
    assert summary.count("sent") == 1, summary.failures
    assert [d.rcpt_tos for d in handler.deliveries] == [["ana@example.org"]]


def test_starttls_refuses_an_untrusted_certificate(tmp_path, starttls_port, certificate, handler):
    root = trusting_project(tmp_path, starttls_port, certificate, username="desk")
    summary = run_mail(root, environ={"BRIEFGEN_SMTP_PASSWORD": PASSWORD})
    assert summary.count("failed") == 3 and handler.deliveries == []
    assert "TLS failed: self-signed certificate" in summary.failures[0].detail


def test_trust_can_come_from_the_environment(tmp_path, starttls_port, certificate, handler):
    root = trusting_project(tmp_path, starttls_port, certificate)
    environ = {
        "BRIEFGEN_SMTP_CA_FILE": "relay-cert.pem",
        "BRIEFGEN_SMTP_USER": "desk",
        "BRIEFGEN_SMTP_PASSWORD": PASSWORD,
    }
    assert run_mail(root, ["ana@example.org"], environ=environ).count("sent") == 1


def test_wrong_password_is_a_clear_error_that_does_not_show_it(tmp_path, starttls_port, certificate, handler):
    root = trusting_project(tmp_path, starttls_port, certificate, ca_file="relay-cert.pem", username="desk")
    summary = run_mail(root, environ={"BRIEFGEN_SMTP_PASSWORD": "wrong-password-123"})
    assert summary.count("failed") == 3 and handler.deliveries == []
    detail = summary.failures[0].detail
    assert "535" in detail and "wrong-password-123" not in detail


def test_implicit_tls_delivers(tmp_path, certificate, handler):
    with smtp_server(handler, ssl_context=server_tls_context(*certificate)) as port:
        root = make_project(tmp_path / "newsroom", port, security="ssl", ca_file="relay-cert.pem")
        (root / "relay-cert.pem").write_bytes(certificate[1].read_bytes())
        assert run_mail(root, ["ana@example.org"]).count("sent") == 1
    assert len(handler.deliveries) == 1
