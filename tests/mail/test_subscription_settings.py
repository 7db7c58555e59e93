"""Subscriptions and the unsubscribe address are checked like the other mail settings, and cannot inject a header."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from briefgen.errors import ConfigError
from briefgen.mail.compose import add_list_headers
from briefgen.mail.follow import unsubscribe_address
from briefgen.mail.settings import load_mail_settings

GOOD = {"from": "briefs@desk.example", "unsubscribe": "mailto:leave@desk.example"}


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            {"subscriptions": {"sahel@desk.example": {"countries": ["Mali"]}}},
            "tool.briefgen.mail.subscriptions.sahel@desk.example.countries: 'Mali' is not a country code such as ML "
            "(two capital letters)",
        ),
        (
            {"subscriptions": {"sahel@desk.example": {"digest": "weekly"}}},
            "tool.briefgen.mail.subscriptions.sahel@desk.example.digest: Input should be 'none' or 'daily'",
        ),
        (
            {"subscriptions": {"sahel@desk.example": {"country": ["ML"]}}},
            "tool.briefgen.mail.subscriptions.sahel@desk.example.country: Extra inputs are not permitted",
        ),
        (
            {"subscriptions": {"board@desk.example": {}}},
            "tool.briefgen.mail.subscriptions: board@desk.example follows nothing; give countries, tags or briefs",
        ),
        (
            {"subscriptions": {"board@desk.example\r\nBcc: all@desk.example": {"tags": ["board"]}}},
            "tool.briefgen.mail.subscriptions: 'board@desk.example\\r\\nBcc: all@desk.example' is not an address; "
            "key each subscription by the reader's address",
        ),
        (
            {"unsubscribe": "https://desk.example/leave\r\nBcc: all@desk.example"},
            "tool.briefgen.mail.unsubscribe: 'https://desk.example/leave\\r\\nBcc: all@desk.example' is not a "
            "mailto: or https: address without spaces, commas or angle brackets",
        ),
        (
            {"unsubscribe": "javascript:alert(1)"},
            "tool.briefgen.mail.unsubscribe: 'javascript:alert(1)' is not a mailto: or https: address without "
            "spaces, commas or angle brackets",
        ),
        (
            {"unsubscribe": "https://desk.example/a>, <https://evil.example/"},
            "tool.briefgen.mail.unsubscribe: 'https://desk.example/a>, <https://evil.example/' is not a mailto: or "
            "https: address without spaces, commas or angle brackets",
        ),
    ],
)
def test_a_bad_subscription_or_unsubscribe_address_is_one_located_line(table, said):
    with pytest.raises(ConfigError) as raised:
        load_mail_settings({**GOOD, **table}, {})
    assert str(raised.value) == said
    assert "\n" not in str(raised.value) and "\r" not in str(raised.value)


def test_subscribers_need_an_unsubscribe_address():
    settings = load_mail_settings(
        {"from": "briefs@desk.example", "subscriptions": {"a@desk.example": {"tags": ["x"]}}}, {}
    )
    assert settings.problems([], sending=False) == [
        "tool.briefgen.mail.unsubscribe: set where subscribers unsubscribe (mailto: or https:)"
    ]


def test_a_reader_address_cannot_add_a_header_through_the_unsubscribe_address():
    sneaky = "ana@desk.example\r\nBcc: all@desk.example"
    message = EmailMessage()
    message["To"] = "ana@desk.example"
    add_list_headers(message, unsubscribe_address("https://desk.example/leave?who={address}", sneaky))
    message.set_content("body")
    parsed = message_from_bytes(message.as_bytes(policy=policy.SMTP), policy=policy.default)
    assert parsed["Bcc"] is None
    assert (
        parsed["List-Unsubscribe"] == "<https://desk.example/leave?who=ana@desk.example%0D%0ABcc%3A%20all@desk.example>"
    )
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_mailto_address_is_listed_without_claiming_one_click():
    message = EmailMessage()
    add_list_headers(message, "mailto:leave@desk.example")
    assert message["List-Unsubscribe"] == "<mailto:leave@desk.example>"
    assert message["List-Unsubscribe-Post"] is None  # RFC 8058: one-click is an HTTPS POST
