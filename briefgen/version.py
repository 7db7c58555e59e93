"""The version of briefgen, read from the installed package's metadata (pyproject.toml is the one source)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("briefgen")
except PackageNotFoundError:  # imported from a checkout that was never installed
    __version__ = "0+unknown"
