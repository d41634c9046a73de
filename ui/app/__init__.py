"""The application shell: start-up, main window, welcome view, menus, import, preferences."""
