"""Facts about the application itself (kept equal to pyproject.toml by a test)."""

APP_NAME = "Oske"
APP_VERSION = "0.2.0"
ORGANISATION_DOMAIN = "oske.fi"
