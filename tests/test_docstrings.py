"""Docstrings name only what exists: every dotted ``briefgen.…`` name in one resolves to a module or an object."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "briefgen"
DOTTED = re.compile(r"(?<![\w.])briefgen(?:\.[A-Za-z_]\w*)+")


def docstrings(path: Path) -> list[tuple[int, str]]:
    """Every docstring of a module (its own, its classes' and its functions'), with the line it starts on."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in [tree, *ast.walk(tree)]:
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            text = ast.get_docstring(node, clean=False)
            if text:
                found.append((node.body[0].lineno, text))
    return found


def resolves(name: str) -> bool:
    """Tell whether a dotted name is a module, or an object reached from the longest module it starts with."""
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "theme" not in p.relative_to(PACKAGE).parts[:1])


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(ROOT).as_posix() for p in MODULES])
def test_every_dotted_name_in_a_docstring_exists(path):
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for line, text in docstrings(path)
        for name in DOTTED.findall(text)
        if not resolves(name.rstrip("."))
    ]
    assert missing == []


def test_the_check_finds_a_name_that_is_gone():
    assert resolves("briefgen.site.plan.plan_build") and resolves("briefgen.sheet.loader")
    assert not resolves("briefgen.plan") and not resolves("briefgen.site.build.SiteBuild")
