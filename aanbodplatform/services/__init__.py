"""Use cases and the rules of the PNT; no HTTP, no request objects."""
