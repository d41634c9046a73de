"""The project register tab and its timeline."""
