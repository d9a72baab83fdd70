"""`make bench`: times the app's main operations on synthetic data at two scales."""
