"""Streamlit pages; each only composes widgets over pages.data."""
