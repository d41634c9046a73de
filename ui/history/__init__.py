"""The change history in the window: a record's changes (a form's Ctrl+H) and the whole
log (File → Change history), with the undo of a record's latest change."""
