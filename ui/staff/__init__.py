"""The staff tab: staff members and trainees."""
