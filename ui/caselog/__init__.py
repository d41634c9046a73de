"""The case log tab: case events, statistics and the guardian bank."""
