"""CLI command groups beyond the core ones in cli.py; each module registers itself there."""
