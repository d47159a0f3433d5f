"""Single sign-on through the city's OpenID Connect provider with authlib's Flask client: the authorisation code flow
with PKCE (S256), state and nonce; the ID token's signature is checked against the provider's JWKS and its issuer,
audience, expiry and nonce are validated. Off (and no request leaves the app) while ``OIDC_ISSUER`` is empty.

The provider is an outside part of the registry (``find_service("sso")``): built per configuration, so tests can
point it at a loopback stand-in; its discovery document and keys are fetched on first use, never at start-up."""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import Flask, Response, current_app
from joserfc.errors import JoseError

logger = logging.getLogger(__name__)
_EXTENSION_KEY = "mapfinder.oidc"
_NAME = "city"

UNREACHABLE, DENIED, BAD_STATE, INVALID_TOKEN = "unreachable", "denied", "bad_state", "invalid_token"
# Token endpoint errors that are the set-up's or the provider's fault, not the person's (RFC 6749, 5.2).
_PROVIDER_TROUBLE = {"invalid_client", "unauthorized_client", "server_error", "temporarily_unavailable"}


class SsoFailure(Exception):
    """The flow did not produce a trustworthy identity; ``kind`` is one of the constants above, ``reason`` is for
    the log only (never shown to the reader)."""

    def __init__(self, kind: str, reason: str):
        super().__init__(f"{kind}: {reason}")
        self.kind, self.reason = kind, reason


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in: validated ID token claims (completed from the userinfo endpoint)."""

    issuer: str
    subject: str
    claims: dict = field(repr=False)
    id_token: str = field(repr=False, default="")

    @property
    def email(self) -> str:
        return (self.claims.get("email") or "").strip().lower()

    @property
    def email_verified(self) -> bool:
        """Only an address the provider marked verified may match or create an account."""
        return self.claims.get("email_verified") in (True, "true")

    @property
    def name(self) -> str | None:
        return self.claims.get("name") or None

    def claim_values(self, path: str) -> list[str]:
        """The strings of a claim, also a nested one (``realm_access.roles`` of Keycloak)."""
        value = self.claims
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, str):
            return [value]
        return [item for item in value or [] if isinstance(item, str)]


def sso_enabled(app: Flask | None = None) -> bool:
    """Whether single sign-on is configured (an issuer and a client id)."""
    config = (app or current_app).config
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def _issuer(config) -> str:
    return config["OIDC_ISSUER"].rstrip("/")


def _settings(config) -> tuple:
    """What a client is built from: issuer, client id and secret, scopes, timeout."""
    return (
        _issuer(config),
        config["OIDC_CLIENT_ID"],
        config.get("OIDC_CLIENT_SECRET", ""),
        config["OIDC_SCOPES"],
        config["OIDC_TIMEOUT"],
    )


def configured_provider(app: Flask):
    """The registry's factory: authlib's client for the configured provider, built once per configuration."""
    if not sso_enabled(app):
        return None
    key = _settings(app.config)
    cache = app.extensions.setdefault(_EXTENSION_KEY, {})
    if key not in cache:
        issuer, client_id, secret, scopes, timeout = key
        # Without "openid" there would be no ID token to verify.
        scopes = " ".join(dict.fromkeys(["openid", *scopes.split()]))
        oauth = OAuth(app)
        cache[key] = oauth.register(
            _NAME,
            client_id=client_id,
            client_secret=secret or None,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": timeout},
        )
    return cache[key]


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def form_targets() -> tuple[str, ...]:
    """Origins the log-in and log-out forms may redirect to (the CSP's ``form-action``): the issuer's, and those of
    the authorisation and end-session endpoints once the discovery document is known. Never fetches anything."""
    if not sso_enabled():
        return ()
    origins = {_origin(_issuer(current_app.config))}
    provider = current_app.extensions.get(_EXTENSION_KEY, {}).get(_settings(current_app.config))
    metadata = provider.server_metadata if provider is not None else {}
    origins.update(_origin(metadata.get(name, "")) for name in ("authorization_endpoint", "end_session_endpoint"))
    return tuple(sorted(origin for origin in origins if origin))


def _provider():
    from ..services import find_service

    provider = find_service("sso")
    if provider is None:
        raise LookupError("single sign-on is not configured")
    return provider


def _metadata(provider) -> dict:
    """The discovery document; its issuer must be the configured one (OpenID Connect Discovery 1.0, 4.3)."""
    try:
        metadata = provider.load_server_metadata()
    except (requests.RequestException, ValueError) as error:
        raise SsoFailure(UNREACHABLE, f"discovery document: {error}") from error
    if (metadata.get("issuer") or "").rstrip("/") != _issuer(current_app.config):
        provider.server_metadata.pop("_loaded_at", None)
        raise SsoFailure(UNREACHABLE, f"discovery names issuer {metadata.get('issuer')!r}, configured is another")
    return metadata


def begin(redirect_uri: str) -> Response:
    """The redirect to the provider's authorisation endpoint (state, nonce and PKCE verifier kept in the session)."""
    provider = _provider()
    _metadata(provider)
    return provider.authorize_redirect(redirect_uri)


def complete() -> Identity:
    """Exchange the code of the provider's answer and validate the ID token; ``SsoFailure`` says why not."""
    provider = _provider()
    metadata = _metadata(provider)
    config = current_app.config
    options = {
        "iss": {"essential": True, "value": metadata["issuer"]},
        "aud": {"essential": True, "value": config["OIDC_CLIENT_ID"]},
    }
    try:
        token = provider.authorize_access_token(claims_options=options, leeway=60)
    except OAuthError as error:
        raise _oauth_failure(error) from error
    except requests.RequestException as error:
        raise SsoFailure(UNREACHABLE, f"token or key request: {error}") from error
    except (JoseError, ValueError, KeyError, TypeError) as error:
        raise SsoFailure(INVALID_TOKEN, f"ID token: {type(error).__name__}: {error}") from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise SsoFailure(INVALID_TOKEN, "no ID token in the token response")
    claims = _with_userinfo(provider, token, dict(claims))
    return Identity(metadata["issuer"], claims["sub"], claims, token.get("id_token", ""))


def _oauth_failure(error: OAuthError) -> SsoFailure:
    if error.error == "access_denied":
        return SsoFailure(DENIED, f"the provider answered access_denied: {error.description}")
    if error.error == "mismatching_state":
        return SsoFailure(BAD_STATE, "the state does not belong to a sign-on begun in this session")
    if error.error in _PROVIDER_TROUBLE:
        return SsoFailure(UNREACHABLE, f"the provider answered {error.error}: {error.description}")
    return SsoFailure(INVALID_TOKEN, f"the provider answered {error.error}: {error.description}")


def _with_userinfo(provider, token: dict, claims: dict) -> dict:
    """Claims the ID token lacks (e-mail, groups) from the userinfo endpoint, when it has one."""
    wanted = ("email", "email_verified", current_app.config.get("OIDC_GROUP_CLAIM") or "groups")
    if all(name.split(".")[0] in claims for name in wanted) or not provider.server_metadata.get("userinfo_endpoint"):
        return claims
    try:
        info = provider.userinfo(token=token)
    except (requests.RequestException, ValueError) as error:
        logger.warning("single sign-on: userinfo not available, using the ID token alone: %s", error)
        return claims
    if info.get("sub") != claims["sub"]:
        raise SsoFailure(INVALID_TOKEN, "userinfo belongs to another subject")
    return {**info, **claims}


def end_session_url(id_token: str | None, after: str) -> str | None:
    """Where to send the browser to end the provider's session too, or None when it names no end-session endpoint
    (or cannot be reached: the local session has ended anyway)."""
    try:
        provider = _provider()
        metadata = _metadata(provider)
    except (LookupError, SsoFailure) as error:
        logger.warning("single sign-on: no end-session redirect: %s", error)
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = provider.create_logout_url(
        post_logout_redirect_uri=after, id_token_hint=id_token or None, client_id=provider.client_id
    )
    return result["url"]
