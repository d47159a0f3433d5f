"""Editor accounts keep a salted hash, never the password."""

from mapfinder.models import Role, User


def test_password_is_stored_as_a_salted_hash(session):
    user = User(email="redaktion@example.org", role=Role.EDITOR)
    user.set_password("Sonnenblume-2026")
    session.add(user)
    session.flush()
    assert "Sonnenblume-2026" not in user.password_hash
    assert user.check_password("Sonnenblume-2026") and not user.check_password("sonnenblume-2026")
