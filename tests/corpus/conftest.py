"""The corpus site, built once per test session for every check in this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.support import build_corpus


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory) -> Path:
    """The corpus project's site, PDFs included; read-only."""
    return build_corpus(tmp_path_factory.mktemp("corpus") / "project")
