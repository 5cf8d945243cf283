"""Build steps: one module per hook in hooks/, plain functions the hooks,
`make check` and the tests call."""
