"""A loopback OpenID Connect provider for tests: a real HTTP server on 127.0.0.1 (a thread, ephemeral port) with a
discovery document, a JWKS holding an RSA key generated at start, an authorisation endpoint that answers at once for
the configured person, a token endpoint that checks the code, the PKCE verifier and the client secret and returns an
RS256-signed ID token (joserfc), a userinfo endpoint and an end-session endpoint.

Knobs for the bad cases: ``deny`` (the person refuses consent), ``id_token_changes`` (claims replaced in the ID
token, ``None`` removes one), ``tamper`` (``"foreign-key"``: signed with another key of the same key id;
``"payload"``: the payload changed after signing)."""

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

KEY_ID = "standin-key-1"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Person:
    """Who signs in at the provider."""

    subject: str = "f3c1a9e2-0000-4000-8000-000000000001"
    email: str = "person@example.org"
    email_verified: bool = True
    name: str = "Probe Person"
    groups: list[str] = field(default_factory=list)


class Provider:
    """The stand-in's state; ``url`` is its issuer."""

    def __init__(self, client_id: str = "mapfinder", client_secret: str = "standin-secret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig", "alg": "RS256"}, private=True)
        self.foreign_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID}, private=True)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.reset()

    def reset(self) -> None:
        """Forget codes and requests; the default person, nothing tampered."""
        self.person = Person()
        self.deny = False
        self.id_token_changes: dict = {}
        self.tamper: str | None = None
        self.groups_in_id_token = False
        self.end_session = True
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.token_requests: list[dict] = []

    def start(self) -> "Provider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # the endpoints' answers

    def discovery(self) -> dict:
        document = {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.url}/logout"
        return document

    def authorize(self, query: dict) -> tuple[int, dict, bytes]:
        redirect_uri, state = query.get("redirect_uri", ""), query.get("state", "")
        problems = [
            query.get("response_type") != "code" and "response_type",
            query.get("client_id") != self.client_id and "client_id",
            not redirect_uri and "redirect_uri",
            query.get("code_challenge_method") != "S256" and "code_challenge_method",
            not query.get("code_challenge") and "code_challenge",
            "openid" not in query.get("scope", "").split() and "scope",
        ]
        problems = [problem for problem in problems if problem]
        if problems:
            return 400, {"Content-Type": "text/plain"}, f"bad authorisation request: {problems}".encode()
        if self.deny:
            answer = {"error": "access_denied", "error_description": "The person declined.", "state": state}
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "redirect_uri": redirect_uri,
                "nonce": query.get("nonce"),
                "challenge": query["code_challenge"],
            }
            answer = {"code": code, "state": state}
        return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}, b""

    def token(self, form: dict, authorization: str | None) -> tuple[int, dict]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _sep, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        self.token_requests.append({**form, "client_id": client_id})
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None:
            return 400, {"error": "invalid_grant", "error_description": "unknown or used code"}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "redirect_uri differs"}
        verifier = form.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verifier does not match"}
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = self.userinfo_claims()
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(grant["nonce"]),
        }

    def userinfo_claims(self) -> dict:
        person = self.person
        return {
            "sub": person.subject,
            "email": person.email,
            "email_verified": person.email_verified,
            "name": person.name,
            "groups": person.groups,
        }

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        person = self.person
        claims = {
            "iss": self.url,
            "sub": person.subject,
            "aud": self.client_id,
            "azp": self.client_id,
            "exp": now + 300,
            "iat": now,
            "auth_time": now,
            "nonce": nonce,
            "email": person.email,
            "email_verified": person.email_verified,
            "name": person.name,
        }
        if self.groups_in_id_token:
            claims["groups"] = person.groups
        for name, value in self.id_token_changes.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        header = {"alg": "RS256", "kid": KEY_ID, "typ": "JWT"}
        if self.tamper == "foreign-key":
            return jwt.encode(header, claims, self.foreign_key)
        token = jwt.encode(header, claims, self.key)
        if self.tamper == "payload":
            head, _payload, signature = token.split(".")
            forged = {**claims, "email": "leitung@example.org", "sub": "someone-else"}
            token = ".".join([head, _b64url(json.dumps(forged).encode()), signature])
        return token


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

        def _send(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict) -> None:
            self._send(
                status, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(data).encode()
            )

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            parts = urlsplit(self.path)
            query = {name: values[0] for name, values in parse_qs(parts.query).items()}
            provider.requests.append(("GET", parts.path))
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif parts.path == "/jwks":
                self._json(200, {"keys": [provider.key.as_dict(private=False)]})
            elif parts.path == "/authorize":
                self._send(*provider.authorize(query))
            elif parts.path == "/userinfo":
                claims = provider.access_tokens.get((self.headers.get("Authorization") or "")[len("Bearer ") :])
                self._json(200, claims) if claims else self._json(401, {"error": "invalid_token"})
            elif parts.path == "/logout":
                target = query.get("post_logout_redirect_uri")
                if target:
                    state = f"?{urlencode({'state': query['state']})}" if query.get("state") else ""
                    self._send(302, {"Location": target + state}, b"")
                else:
                    self._send(200, {"Content-Type": "text/plain"}, b"signed out")
            else:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")

        def do_POST(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            provider.requests.append(("POST", parts.path))
            length = int(self.headers.get("Content-Length") or 0)
            form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
            if parts.path == "/token":
                self._json(*provider.token(form, self.headers.get("Authorization")))
            else:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")

    return Handler
