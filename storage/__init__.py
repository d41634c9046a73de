"""Tables, mapping, unit of work, queries, migrations and backups. No Qt here."""
