"""Access-matrix rows of the sign-in and password pages (tests/access)."""

from tests.access.matrix import LOGIN, Row

ROWS = [
    Row("login", {"anonymous": 200, "*": 302}),  # a signed-in visitor is sent on (redirect_authenticated_user)
    Row("logout", {"anonymous": LOGIN, "*": LOGIN}, method="POST"),  # signed out, back to the login page
    Row("password_change", {"*": 200}),
    Row("password_change_done", {"*": 200}),
]
