"""Tests of briefgen.curate."""
