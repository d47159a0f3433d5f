"""Content that stays true: when offers and places were last confirmed (``ages``), one-click confirmation
(``confirm``), reminder digests for editors (``remind``, ``flask freshness remind``) and the Bildungsbüro's
dashboard (``dashboard``). Withdrawal is a read rule (``search.visible_offer``), not a job: nothing is deleted."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, the command group and the template helper."""
    from ..views.freshness import blueprint
    from .cli import freshness_cli
    from .confirm import offer_freshness
    from .dashboard import share_percent

    app.register_blueprint(blueprint)
    app.cli.add_command(freshness_cli)
    app.add_template_global(offer_freshness, "offer_freshness")
    app.add_template_filter(share_percent, "share_percent")
