"""Loaders of the base data, the demo data and official files into the database."""
