"""The package root: its public API resolves, and importing it stays cheap."""

from __future__ import annotations

import subprocess
import sys

import briefgen


def test_every_public_name_resolves():
    for name in briefgen.__all__:
        assert getattr(briefgen, name) is not None, name


def test_an_unknown_name_is_an_attribute_error():
    try:
        briefgen.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("briefgen.no_such_thing resolved")


def test_importing_the_package_and_its_cli_loads_no_heavy_library():
    probe = "import sys, briefgen, briefgen.cli; print(sorted({'pydantic', 'jinja2', 'weasyprint', 'yaml'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
