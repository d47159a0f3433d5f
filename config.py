"""Configuration classes read from the environment; the app receives one of them in ``create_app``.

Run ``python3 config.py database-url`` (or ``cluster-dir``, ``socket-dir``) to print the values the set-up
scripts share with the app.
"""

import hashlib
import os
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
# A Unix socket path may hold at most 107 bytes; deep checkouts fall back to a per-checkout folder in /tmp.
_MAX_SOCKET_DIR = 80


def _checkout_digest(project_dir: Path) -> str:
    return hashlib.sha1(str(project_dir).encode()).hexdigest()[:12]


def _others_can_enter(path: Path) -> bool:
    """True when every folder down to ``path`` is searchable by other users (the server runs as ``postgres``)."""
    return all(os.stat(folder).st_mode & 0o001 for folder in [*reversed(path.parents), path])


def private_cluster_dir(project_dir: Path = PROJECT_DIR) -> Path:
    """Where the private cluster lives: ``.pg`` in the checkout, or a per-checkout folder in /var/tmp when root runs
    the set-up in a checkout the ``postgres`` user cannot enter (e.g. below a private home folder)."""
    if os.geteuid() != 0 or _others_can_enter(project_dir):
        return project_dir / ".pg"
    return Path("/var/tmp") / f"mapfinder-{_checkout_digest(project_dir)}"


def private_socket_dir(project_dir: Path = PROJECT_DIR) -> Path:
    """Socket folder of the private cluster: beside its data, or in /tmp when that path is too long for a socket."""
    inside = private_cluster_dir(project_dir) / "run"
    if len(str(inside)) <= _MAX_SOCKET_DIR:
        return inside
    return Path("/tmp") / f"mapfinder-{_checkout_digest(project_dir)}"


def private_database_url(database: str = "mapfinder") -> str:
    """URL of a database in the private cluster (socket only, so two checkouts never share a port)."""
    return f"postgresql+psycopg://mapfinder@/{database}?host={private_socket_dir()}"


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class Config:
    """Production-ready defaults; every setting can be overridden by the environment variable of the same name."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", private_database_url())
    # pre_ping replaces connections a database restart broke; the timeouts turn an outage into a quick 503.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_timeout": 10, "connect_args": {"connect_timeout": 5}}
    # Set on each of the app's database connections ("name=value,…"; empty: the server's own). A web request's
    # statements are short and many run at once: compiling them (JIT) or starting parallel workers for them costs
    # more than it saves (docs/read-model.md has the figures).
    DATABASE_SETTINGS = _env_list("MAPFINDER_DATABASE_SETTINGS", "jit=off,max_parallel_workers_per_gather=0")
    # Counts, clusters and API pages remembered per data version (docs/read-model.md); "off" for cold benchmarks.
    LISTING_CACHE = os.environ.get("MAPFINDER_LISTING_CACHE", "on") != "off"
    # The committed data version pushed to each worker by LISTEN/NOTIFY, so a remembered listing needs no statement;
    # "off": every listing request asks the database for the version (docs/read-model.md).
    DATA_VERSION_PUSH = os.environ.get("MAPFINDER_DATA_VERSION_PUSH", "on") != "off"
    # The API and OGC pages and the finder's list count matches up to this many (or to the page's end) and above it
    # say "at least" (numberMatchedAtLeast, "Mehr als … Ergebnisse"), so a first page costs the same at any size;
    # 0: always count exactly.
    COUNT_EXACT_UP_TO = int(os.environ.get("MAPFINDER_COUNT_EXACT_UP_TO", "1000"))
    LANGUAGES = _env_list("MAPFINDER_LANGUAGES", "de,en,tr,ar,uk,ru,pl,ro,bg")
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    GEOCODER = os.environ.get("MAPFINDER_GEOCODER", "gazetteer")
    GEOCODER_URL = os.environ.get("MAPFINDER_GEOCODER_URL", "")
    # Empty: "mapfinder (<network> <municipality slug>)" from the municipality record.
    GEOCODER_USER_AGENT = os.environ.get("MAPFINDER_GEOCODER_USER_AGENT", "")
    # Public Nominatim allows one request per second; a self-hosted service may allow 0.
    GEOCODER_MIN_DELAY = float(os.environ.get("MAPFINDER_GEOCODER_MIN_DELAY", "1.0"))
    GEOCODER_TIMEOUT = float(os.environ.get("MAPFINDER_GEOCODER_TIMEOUT", "10"))
    GEOCODER_RETRIES = int(os.environ.get("MAPFINDER_GEOCODER_RETRIES", "2"))
    GEOCODER_BACKOFF = float(os.environ.get("MAPFINDER_GEOCODER_BACKOFF", "2.0"))
    GEOCODER_MISS_DAYS = int(os.environ.get("MAPFINDER_GEOCODER_MISS_DAYS", "30"))
    MAP_TILES = os.environ.get("MAPFINDER_MAP_TILES", "none")
    # Tile proxy (docs/tile-proxy.md): the app fetches and caches the basemap, readers never contact the tile host;
    # "off" loads tiles straight from it, behind the two-click consent.
    TILE_PROXY = os.environ.get("MAPFINDER_TILE_PROXY", "on").lower() not in {"off", "0", "false", "no"}
    TILE_CACHE_DIR = os.environ.get("MAPFINDER_TILE_CACHE_DIR", str(PROJECT_DIR / "instance" / "tiles"))
    TILE_CACHE_MB = float(os.environ.get("MAPFINDER_TILE_CACHE_MB", "512"))
    TILE_MAX_AGE_DAYS = float(os.environ.get("MAPFINDER_TILE_MAX_AGE_DAYS", "14"))
    TILE_TIMEOUT = float(os.environ.get("MAPFINDER_TILE_TIMEOUT", "10"))
    # Empty: "mapfinder (<network> <municipality slug>)" from the municipality record.
    TILE_USER_AGENT = os.environ.get("MAPFINDER_TILE_USER_AGENT", "")
    # Attribution of a basemap given as a URL template (the presets name theirs).
    MAP_TILES_ATTRIBUTION = os.environ.get("MAPFINDER_MAP_TILES_ATTRIBUTION", "")
    # The municipality served: a folder of geodata/municipalities (empty: the only one there).
    MUNICIPALITY = os.environ.get("MAPFINDER_MUNICIPALITY", "")
    # Portal links come from the municipality record; these variables override them when set (empty hides a link).
    KITA_PORTAL_URL = os.environ.get("MAPFINDER_KITA_PORTAL_URL")
    INTEGREAT_URL = os.environ.get("MAPFINDER_INTEGREAT_URL")
    TRANSLATOR = os.environ.get("MAPFINDER_TRANSLATOR", "none")
    TRANSLATOR_URL = os.environ.get("MAPFINDER_TRANSLATOR_URL", "")
    TRANSLATOR_KEY = os.environ.get("MAPFINDER_TRANSLATOR_KEY", "")
    # Outgoing mail (invitations, password reset, review decisions); without MAIL_SERVER mails go to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "mapfinder@localhost")
    # Accounts: a session ends after this many hours, or after this many idle minutes; links in mails expire.
    SESSION_HOURS = float(os.environ.get("MAPFINDER_SESSION_HOURS", "8"))
    SESSION_IDLE_MINUTES = float(os.environ.get("MAPFINDER_SESSION_IDLE_MINUTES", "60"))
    INVITATION_DAYS = float(os.environ.get("MAPFINDER_INVITATION_DAYS", "7"))
    RESET_HOURS = float(os.environ.get("MAPFINDER_RESET_HOURS", "2"))
    # Log-in throttling: failures within the window per account and per address before further tries are refused.
    LOGIN_WINDOW_MINUTES = float(os.environ.get("MAPFINDER_LOGIN_WINDOW_MINUTES", "15"))
    LOGIN_MAX_FAILURES_ACCOUNT = int(os.environ.get("MAPFINDER_LOGIN_MAX_FAILURES_ACCOUNT", "5"))
    LOGIN_MAX_FAILURES_ADDRESS = int(os.environ.get("MAPFINDER_LOGIN_MAX_FAILURES_ADDRESS", "20"))
    # Single sign-on through the city's OpenID Connect provider (docs/single-sign-on.md); off while OIDC_ISSUER is
    # empty. Accounts are found by the bound issuer + subject, else by a verified e-mail address; new editor accounts
    # are created only for the groups mapped to organisations (``group=organisation-key,…``).
    OIDC_ISSUER = os.environ.get("MAPFINDER_OIDC_ISSUER", "")
    OIDC_CLIENT_ID = os.environ.get("MAPFINDER_OIDC_CLIENT_ID", "")
    OIDC_CLIENT_SECRET = os.environ.get("MAPFINDER_OIDC_CLIENT_SECRET", "")
    OIDC_SCOPES = os.environ.get("MAPFINDER_OIDC_SCOPES", "openid email profile")
    OIDC_BUTTON_LABEL = os.environ.get("MAPFINDER_OIDC_BUTTON_LABEL", "")
    OIDC_TIMEOUT = float(os.environ.get("MAPFINDER_OIDC_TIMEOUT", "10"))
    OIDC_GROUP_CLAIM = os.environ.get("MAPFINDER_OIDC_GROUP_CLAIM", "groups")
    OIDC_GROUP_ORGANIZATIONS = os.environ.get("MAPFINDER_OIDC_GROUP_ORGANIZATIONS", "")
    GEODATA_DIR = os.environ.get("MAPFINDER_GEODATA_DIR", str(PROJECT_DIR / "geodata"))
    # The deployment's Impressum, privacy and accessibility details (empty values appear as marked placeholders).
    LEGAL_FILE = os.environ.get(
        "MAPFINDER_LEGAL_FILE", str(PROJECT_DIR / "geodata" / "municipalities" / "muelheim-an-der-ruhr" / "legal.toml")
    )
    # Folder of the sign-language video named in the legal file (served by the app at /gebaerdensprache/video).
    SIGN_LANGUAGE_DIR = os.environ.get("MAPFINDER_SIGN_LANGUAGE_DIR", str(PROJECT_DIR / "media"))
    REFERENCE_DATA_DIR = os.environ.get("MAPFINDER_REFERENCE_DATA_DIR", str(PROJECT_DIR.parent / "shared" / "geodata"))
    # Requests and cookies (README: "Deploying"). The session cookie is also Secure on any request over HTTPS.
    PUBLIC_URL = os.environ.get("MAPFINDER_PUBLIC_URL", "")
    ALLOWED_HOSTS = _env_list("MAPFINDER_ALLOWED_HOSTS", "")
    PROXY_COUNT = int(os.environ.get("MAPFINDER_PROXY_COUNT", "0"))
    HSTS_SECONDS = int(os.environ.get("MAPFINDER_HSTS_SECONDS", "31536000"))
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = os.environ.get("MAPFINDER_SECURE_COOKIES", "").lower() in {"1", "true", "yes"}
    # A CSRF token lives as long as the browser session, so a finder tab left open still adds offers.
    WTF_CSRF_TIME_LIMIT = None
    # Referral PDFs: renders at a time per process, seconds before the reader gets 503, cache size.
    PDF_WORKERS = int(os.environ.get("MAPFINDER_PDF_WORKERS", "1"))
    PDF_TIMEOUT = float(os.environ.get("MAPFINDER_PDF_TIMEOUT", "20"))
    PDF_MAX_PENDING = int(os.environ.get("MAPFINDER_PDF_MAX_PENDING", "4"))
    PDF_CACHE_MB = int(os.environ.get("MAPFINDER_PDF_CACHE_MB", "32"))
    # The largest request body (bytes); a larger POST gets a 413 page before anything of it is read. No form of
    # the app comes near it; urlencoded forms would otherwise be read whole into memory.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAPFINDER_MAX_CONTENT_LENGTH", str(1024 * 1024)))
    # Readers' reports (docs/feedback.md): seconds a person needs at least, how long a form stays valid, reports
    # per address and window, the longest text, and the days after which e-mail and IP address are deleted.
    FEEDBACK_MIN_SECONDS = float(os.environ.get("MAPFINDER_FEEDBACK_MIN_SECONDS", "3"))
    FEEDBACK_FORM_MAX_AGE_HOURS = float(os.environ.get("MAPFINDER_FEEDBACK_FORM_MAX_AGE_HOURS", "24"))
    FEEDBACK_RATE_LIMIT = int(os.environ.get("MAPFINDER_FEEDBACK_RATE_LIMIT", "5"))
    FEEDBACK_RATE_WINDOW_MINUTES = float(os.environ.get("MAPFINDER_FEEDBACK_RATE_WINDOW_MINUTES", "60"))
    FEEDBACK_MAX_TEXT = int(os.environ.get("MAPFINDER_FEEDBACK_MAX_TEXT", "5000"))
    FEEDBACK_RETENTION_DAYS = int(os.environ.get("MAPFINDER_FEEDBACK_RETENTION_DAYS", "90"))
    # HSDS addresses need a state/province and a country (ISO 3166-1 alpha-2).
    HSDS_STATE_PROVINCE = os.environ.get("MAPFINDER_HSDS_STATE_PROVINCE", "")
    HSDS_COUNTRY = os.environ.get("MAPFINDER_HSDS_COUNTRY", "DE")
    # Calendar feeds (/calendar.ics): the time zone offers' local times are in (an IANA name).
    TIMEZONE = os.environ.get("MAPFINDER_TIMEZONE", "Europe/Berlin")
    # Freshness (docs/freshness.md): months after the last confirmation until editors are reminded, readers see a
    # "may be out of date" notice, and the offer leaves the finder (it is never deleted); reminder links' lifetime.
    FRESHNESS_REMIND_MONTHS = int(os.environ.get("MAPFINDER_FRESHNESS_REMIND_MONTHS", "6"))
    FRESHNESS_NOTICE_MONTHS = int(os.environ.get("MAPFINDER_FRESHNESS_NOTICE_MONTHS", "9"))
    FRESHNESS_WITHDRAW_MONTHS = int(os.environ.get("MAPFINDER_FRESHNESS_WITHDRAW_MONTHS", "12"))
    FRESHNESS_LINK_DAYS = int(os.environ.get("MAPFINDER_FRESHNESS_LINK_DAYS", "30"))
    # Newsletter (docs/newsletter.md): issues per quarter or month; "soon" for ending and upcoming offers; sending
    # in batches; confirmation links; at most one request mail per address in this many hours; professional-only
    # categories (comma-separated codes, shown only in the professional edition).
    NEWSLETTER_PERIOD = os.environ.get("MAPFINDER_NEWSLETTER_PERIOD", "quarter")
    NEWSLETTER_SOON_DAYS = int(os.environ.get("MAPFINDER_NEWSLETTER_SOON_DAYS", "45"))
    NEWSLETTER_BATCH_SIZE = int(os.environ.get("MAPFINDER_NEWSLETTER_BATCH_SIZE", "50"))
    NEWSLETTER_BATCH_PAUSE = float(os.environ.get("MAPFINDER_NEWSLETTER_BATCH_PAUSE", "0"))
    NEWSLETTER_CONFIRM_DAYS = int(os.environ.get("MAPFINDER_NEWSLETTER_CONFIRM_DAYS", "7"))
    NEWSLETTER_REQUEST_MAIL_HOURS = float(os.environ.get("MAPFINDER_NEWSLETTER_REQUEST_MAIL_HOURS", "24"))
    NEWSLETTER_PROFESSIONAL_CATEGORIES = _env_list("MAPFINDER_NEWSLETTER_PROFESSIONAL_CATEGORIES", "")


class TestConfig(Config):
    """The test suite's database lives in the same private cluster, named per test run so runs can overlap."""

    TESTING = True
    SECRET_KEY = "test"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", private_database_url(f"mapfinder_test_{os.getpid()}"))


if __name__ == "__main__":
    commands = {
        "cluster-dir": private_cluster_dir,
        "socket-dir": private_socket_dir,
        "database-url": lambda: Config.SQLALCHEMY_DATABASE_URI,
    }
    print(commands[sys.argv[1]]())
