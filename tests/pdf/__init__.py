"""Tests of briefgen.pdf."""
