"""WSGI entry point: ``gunicorn wsgi:app``; also what ``flask`` finds in the checkout."""

from config import Config
from mapfinder import create_app

app = create_app(Config)
