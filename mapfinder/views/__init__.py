"""Blueprints: thin views that parse the request, call one service and render."""
from flask import Flask

from . import public


def init_app(app: Flask) -> None:
    """Register every blueprint."""
    app.register_blueprint(public.blueprint)
