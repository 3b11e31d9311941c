"""The search benchmark behind `make bench`."""
