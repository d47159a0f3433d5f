"""Blueprints: thin views that parse the request, call one service and render."""

from flask import Flask

from . import (
    api,
    auth,
    districts,
    edit,
    exports,
    feedback,
    feeds,
    hsds,
    legal,
    networks,
    newsletter,
    newsletter_edit,
    offers,
    ogc,
    openapi,
    places,
    planning,
    public,
    referral,
    tiles,
)


def init_app(app: Flask) -> None:
    """Register every blueprint."""
    app.register_blueprint(public.blueprint)
    app.register_blueprint(offers.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(planning.blueprint)
    app.register_blueprint(districts.blueprint)
    app.register_blueprint(networks.blueprint)
    app.register_blueprint(referral.blueprint)
    app.register_blueprint(exports.blueprint)
    app.register_blueprint(places.blueprint)
    app.register_blueprint(places.api_blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(edit.blueprint)
    app.register_blueprint(legal.blueprint)
    app.register_blueprint(ogc.blueprint)
    app.register_blueprint(hsds.blueprint)
    app.register_blueprint(openapi.blueprint)
    app.register_blueprint(feeds.blueprint)
    app.register_blueprint(feedback.blueprint)
    app.register_blueprint(feedback.moderation)
    app.register_blueprint(newsletter.blueprint)
    app.register_blueprint(newsletter_edit.blueprint)
    app.register_blueprint(tiles.blueprint)
