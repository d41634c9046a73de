"""The centre's records and rules: plain Python, no Qt, no database, no file formats."""
