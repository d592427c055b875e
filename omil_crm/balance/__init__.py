"""The give-and-get balance of a company or a park (issue 16, point 7)."""
