"""Tests of briefgen.mail."""
