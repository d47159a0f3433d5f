"""gunicorn settings of the deployment (``gunicorn -c gunicorn.conf.py wsgi:app``); the README explains each.

Every value can be overridden by an environment variable of the same name in upper case with ``GUNICORN_``.
"""

import multiprocessing
import os


def _env(name: str, default):
    return type(default)(os.environ.get(f"GUNICORN_{name.upper()}", default))


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(f"GUNICORN_{name.upper()}")
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


bind = _env("bind", "127.0.0.1:8000")
# Threads let one worker wait on the database for several readers; processes use the cores.
worker_class = "gthread"
workers = _env("workers", min(2 * multiprocessing.cpu_count() + 1, 9))
threads = _env("threads", 4)
# Longer than the referral PDF's own limit (MAPFINDER_PDF_TIMEOUT, 20 s): a request is answered, never killed.
timeout = _env("timeout", 60)
graceful_timeout = _env("graceful_timeout", 30)
keepalive = _env("keepalive", 5)
# A worker is replaced now and then, so a slow leak cannot grow without bound.
max_requests = _env("max_requests", 2000)
max_requests_jitter = _env("max_requests_jitter", 200)
# The app is built once, in the master, and each worker is a fork of it: a replaced worker serves at once instead of
# after the seconds building the app takes, and the workers share the app's memory until they change it. A code
# change then needs a restart (SIGHUP re-reads the config only). Database connections are never shared (see below).
preload_app = _flag("preload_app", True)
# Request line and headers: the finder's longest URLs stay far below these.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The reverse proxy on this machine may set X-Forwarded-Proto (see MAPFINDER_PROXY_COUNT for Flask's side).
forwarded_allow_ips = _env("forwarded_allow_ips", "127.0.0.1")
accesslog = _env("accesslog", "-") or None
errorlog = "-"
loglevel = _env("loglevel", "warning")


def when_ready(server):
    """Before the first worker is forked: build what the workers would build on their first requests (templates,
    catalogues; ``mapfinder.warm_up``), then close any database connection the master opened."""
    if server.cfg.preload_app:
        from mapfinder.warm_up import warm_up

        warm_up(server.app.wsgi())
    _dispose_database_pools(server, close=True)


def post_fork(server, worker):
    """A worker starts with an empty pool: it never uses a connection inherited from the master (SQLAlchemy's advice
    for os.fork; the master's sockets are left to the master)."""
    _dispose_database_pools(server, close=False)


def _dispose_database_pools(server, *, close: bool) -> None:
    if not server.cfg.preload_app:
        return
    from mapfinder.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=close)
