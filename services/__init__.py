"""Use cases: every save and delete of a record, validated by the domain and handed to the
repositories; export, import, reports, demo data. No Qt, and no session or SQL here."""
