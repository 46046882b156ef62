"""Streamlit pages; each only composes widgets over app_pages.data."""
