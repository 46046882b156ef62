"""One reader per catalogue format; see `ingest.registry` for how they are found."""
