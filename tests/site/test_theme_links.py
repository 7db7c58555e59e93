"""A theme file is read only from inside its theme folder: links under templates/ that lead out are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.errors import BriefgenError
from briefgen.pdf import fetcher
from briefgen.themes import Theme
from tests.conftest import ROOT
from tests.site.support import build_site, make_project

SECRET = "hunter2-do-not-publish"
REFUSED = "a link that leads out of templates/; a theme file is read only from inside its theme"


@pytest.fixture
def project(tmp_path):
    """A project with the minimal brief and a templates/ folder holding nothing yet: the built-in theme."""
    made = make_project(tmp_path / "project", example=False, minimal=True, templates=False)
    (made.templates_dir / "assets").mkdir(parents=True)
    return made


def refusal(project) -> str:
    """Build, expecting a refusal; return its words, once sure that no site was written."""
    with pytest.raises(BriefgenError) as refused:
        build_site(project)
    assert not (project.root / "site").exists()
    return str(refused.value)


def every_byte(folder: Path) -> bytes:
    return b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def test_an_asset_linked_to_the_builds_own_environment_is_refused_and_the_password_stays_out(project):
    (project.templates_dir / "assets" / "env.txt").symlink_to("/proc/self/environ")
    build = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", "--no-pdf"],
        cwd=project.root,
        env={**os.environ, "BRIEFGEN_SMTP_PASSWORD": SECRET},
        capture_output=True,
        text=True,
    )
    assert build.returncode == 1
    assert build.stderr == f"Error: templates/assets/env.txt: {REFUSED}\n"
    assert not (project.root / "site").exists()
    assert SECRET.encode() not in every_byte(project.root)


def test_an_asset_linked_to_a_system_file_is_refused_and_nothing_is_written(project):
    (project.templates_dir / "assets" / "leak.txt").symlink_to("/etc/passwd")
    assert refusal(project) == f"{project.templates_dir / 'assets' / 'leak.txt'}: {REFUSED}"


def test_a_folder_of_assets_linked_out_of_the_theme_is_refused(project, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (project.templates_dir / "assets" / "more").symlink_to(tmp_path / "elsewhere")
    assert refusal(project) == f"{project.templates_dir / 'assets' / 'more'}: {REFUSED}"


def test_a_partial_an_override_includes_is_refused_when_it_links_out(project, tmp_path):
    (tmp_path / "evil.html").write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
    partials = project.templates_dir / "partials"
    partials.mkdir()
    (partials / "evil.html").symlink_to(tmp_path / "evil.html")
    key_points = (ROOT / "templates" / "partials" / "key_points.html").read_text(encoding="utf-8")
    (partials / "key_points.html").write_text(key_points + '{% include "partials/evil.html" %}\n', encoding="utf-8")
    assert refusal(project) == f"{partials / 'evil.html'}: {REFUSED}"


def test_a_templates_folder_that_links_out_of_the_project_is_refused(project, tmp_path):
    (tmp_path / "shared-theme").mkdir()
    for path in project.templates_dir.rglob("*"):
        path.rmdir()
    project.templates_dir.rmdir()
    project.templates_dir.symlink_to(tmp_path / "shared-theme")
    with pytest.raises(BriefgenError) as refused:
        Theme.of(project)
    assert str(refused.value) == (
        f"{project.templates_dir}: a link that leads out of the project; the theme is read only from inside the project"
    )


def test_a_link_from_one_theme_file_to_another_inside_it_is_kept(project):
    """The rule is containment, not a ban on links: a link that stays inside the theme folder is followed."""
    (project.templates_dir / "assets" / "house.css").write_text("body { color: teal; }\n", encoding="utf-8")
    (project.templates_dir / "assets" / "site.css").symlink_to("house.css")
    build_site(project)
    assert (project.root / "site" / "assets" / "site.css").read_text(encoding="utf-8") == "body { color: teal; }\n"


def test_the_pdf_fetcher_refuses_a_builtin_file_whose_override_links_out(project):
    (project.templates_dir / "assets" / "search.js").symlink_to("/etc/passwd")
    asked = Theme.of(project).builtin / "assets" / "search.js"
    assert fetcher.theme_file(asked, project) is None
