"""Helpers for tests of readers' reports: a form as a person sends it (token, a stamp from a while ago)."""

import re
from datetime import timedelta

from mapfinder.feedback.guard import issue_stamp
from mapfinder.models.base import utcnow

from .edit_helpers import token_of


def report_form(client, path: str, *, seconds_ago: float = 30, **fields) -> dict:
    """The fields of the report form at ``path``: its CSRF token, a time stamp ``seconds_ago`` and the input."""
    return {
        "csrf_token": token_of(client, path),
        "started": issue_stamp(utcnow() - timedelta(seconds=seconds_ago)),
        "kind": "wrong_time",
        "text": "Das Elterncafé ist jetzt mittwochs, nicht dienstags.",
        "email": "",
        "website": "",
        **fields,
    }


def send_report(client, path: str, *, address: str = "192.0.2.10", **fields):
    """Post the form from ``address``; the response is not followed."""
    return client.post(path, data=report_form(client, path, **fields), environ_base={"REMOTE_ADDR": address})


def reference_on(page: str) -> str:
    """The reference number the thanks page shows."""
    return re.search(r"M-\d{4}-\d{5}", page).group(0)
