"""Helpers for tests of the editing pages: the CSRF token of a page and signing in through the real form."""

import re

PASSWORD = "correct horse battery staple"


def token_of(client, path: str) -> str:
    """The CSRF token a page's form carries."""
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, user, password: str = PASSWORD):
    """Log in with e-mail and password through /login."""
    return client.post(
        "/login", data={"email": user.email, "password": password, "csrf_token": token_of(client, "/password/reset")}
    )
