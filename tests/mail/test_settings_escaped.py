"""Values echoed in mail settings errors show their control characters escaped: one problem, one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from briefgen.errors import ConfigError
from briefgen.mail.settings import MailSettings, escaped, load_mail_settings
from tests.mail.support import BRIEF_ID, make_project

INJECTED = "desk\r\nBcc: everyone@example.org"
SHOWN = "desk\\r\\nBcc: everyone@example.org"


def test_escaped_writes_every_control_character_as_an_escape():
    assert escaped("a\tb\rc\nd\x00e\x1bf\x7fg\x85h\u2028i\u2029") == (
        "a\\tb\\rc\\nd\\u0000e\\u001bf\\u007fg\\u0085h\\u2028i\\u2029"
    )
    assert escaped("Brèves <b@example.org>") == "Brèves <b@example.org>"


def test_a_to_value_with_a_line_break_is_one_problem_on_one_line():
    settings = MailSettings.model_validate({"from": "briefs@example.org", "lists": {"desk": ["a@example.org"]}})
    assert settings.problems([INJECTED], sending=False) == [f"--to {SHOWN}: no list named '{SHOWN}' and not an address"]


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            {"lists": {"desk": ["a@example.org\nb@example.org"]}},
            "tool.briefgen.mail.lists: malformed address in list desk: 'a@example.org\\nb@example.org'",
        ),
        (
            {"lists": {"desk\r\nboard": ["b@example"]}},
            "tool.briefgen.mail.lists: malformed address in list desk\\r\\nboard: 'b@example'",
        ),
        (
            {"lists": {"desk\nboard": [7]}},
            "tool.briefgen.mail.lists.desk\\nboard.0: Input should be a valid string",
        ),
        (
            {"from": "Desk\r\n <briefs@example.org>"},
            "tool.briefgen.mail.from: 'Desk\\r\\n <briefs@example.org>' is not an address such as "
            "'Briefs desk <briefs@example.org>'",
        ),
        (
            {"subject": "{title\n}"},
            "tool.briefgen.mail.subject: unknown placeholder {title\\n}; use {handling}, {title}, {as_of}, {id}",
        ),
    ],
)
def test_a_settings_value_with_a_line_break_is_shown_escaped(table, said):
    with pytest.raises(ConfigError) as raised:
        load_mail_settings(table, {})
    assert str(raised.value) == said


def test_a_host_from_the_environment_is_shown_escaped():
    settings = load_mail_settings({"from": "briefs@example.org", "security": "none"}, {"BRIEFGEN_SMTP_HOST": "a\nb"})
    assert settings.problems(["a@example.org"], sending=True) == [
        "tool.briefgen.mail.security: 'none' is allowed only for a loopback host, not a\\nb"
    ]


def test_mail_says_a_to_value_with_a_line_break_on_one_line(tmp_path):
    root = make_project(tmp_path / "newsroom", 2525)
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "mail", BRIEF_ID, "--to", INJECTED, "--dry-run"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"Error: {root / 'pyproject.toml'}: --to {SHOWN}: no list named '{SHOWN}' and not an address\n"
    )
