"""The board tab: terms, seats and meetings."""
