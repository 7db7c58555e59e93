"""Tests of briefgen.sheet."""
