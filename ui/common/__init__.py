"""Widgets, table models, views, workers, figures and charts shared by the tabs."""
