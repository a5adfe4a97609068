"""Extractors: plain functions over a parsed Doc, one module per kind of fact."""
