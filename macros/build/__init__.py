"""Build steps: plain functions the hooks call."""
