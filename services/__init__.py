"""Use cases that join storage and exports: export, import, demo data. No Qt here."""
