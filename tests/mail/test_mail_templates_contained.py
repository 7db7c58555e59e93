"""A mail template is read only from inside its theme, as the site's are: a link out is refused, never mailed."""

from __future__ import annotations

import subprocess
import sys

from tests.mail.support import BRIEF_ID, make_project

SECRET = "BRIEFGEN_SMTP_PASSWORD=hunter2"


def test_a_mail_template_linked_out_of_the_project_is_refused_and_its_target_never_shown(tmp_path):
    root = make_project(tmp_path / "newsroom", 2525)
    outside = tmp_path / "environ"
    outside.write_text(SECRET + "\n", encoding="utf-8")
    template = root / "templates" / "mail" / "brief.txt.j2"
    template.unlink()
    template.symlink_to(outside)
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "mail", BRIEF_ID, "--to", "desk", "--dry-run"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert SECRET not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "Error: templates/mail/brief.txt.j2: a link that leads out of templates/; "
        "a theme file is read only from inside its theme"
    )
