"""Readers for catalogue formats and the record model they produce (see `ingest.model`)."""
