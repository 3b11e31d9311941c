"""Seeders: fill a development database with invented demo content (never in production)."""
