"""The settings of a benchmark's app: a scratch database of its own and a throw-away secret key."""

import secrets

from config import Config


def scratch_config(database_url: str) -> type[Config]:
    """``Config`` on ``database_url`` (a scratch database, never the dev one), with a random secret key: the app
    refuses to serve with a weak one, and no session of a benchmark outlives it."""
    return type(
        "BenchConfig", (Config,), {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secrets.token_hex(32)}
    )
