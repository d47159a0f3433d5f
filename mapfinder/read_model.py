"""The listings' read model (``offer_search``): how bulk loads pause and rebuild it, and fresh planner statistics.

Every single write refreshes the rows of the offers it touches through database triggers (docs/read-model.md). A bulk
load (``flask demo generate``, ``flask geodata load``, CSV imports) would refresh the same offers once per statement;
inside ``bulk_refresh()`` the triggers stand aside for the transaction and the whole model is rebuilt once at the end.
"""

import logging
from contextlib import contextmanager

from sqlalchemy import text

from .extensions import db

logger = logging.getLogger(__name__)
_DEFERRED = "mapfinder.offer_search_deferred"


@contextmanager
def bulk_refresh():
    """Pause the per-statement refresh for the block, then rebuild every row once (same transaction); nests."""
    db.session.flush()
    if db.session.scalar(text("SELECT current_setting(:name, true)"), {"name": _DEFERRED}) == "on":
        yield
        return
    db.session.execute(text("SELECT set_config(:name, 'on', true)"), {"name": _DEFERRED})
    try:
        yield
        db.session.flush()
        db.session.execute(text("SELECT refresh_offer_search(NULL)"))
    finally:
        db.session.execute(text("SELECT set_config(:name, '', true)"), {"name": _DEFERRED})


def analyze() -> None:
    """Fresh planner statistics after a bulk load (without them PostgreSQL guesses, e.g. nested loops over 100k rows).

    Call after the load's commit; commits itself.
    """
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    logger.info("analyzed the database after a bulk load")
