"""Tests of briefgen.site."""
