"""Access-matrix rows of the sign-in, password and staff hand-over pages (tests/access)."""

from tests.access.matrix import LOGIN, Row

ROWS = [
    Row("login", {"anonymous": 200, "*": 302}),  # a signed-in visitor is sent on (redirect_authenticated_user)
    Row("logout", {"anonymous": LOGIN, "*": LOGIN}, method="POST"),  # signed out, back to the login page
    Row("password_change", {"*": 200}),
    Row("password_change_done", {"*": 200}),
    # Managers only; a team manager sees the hand-overs of their team's staff.
    Row("staff_handovers", {"managers": 200, "*": 403}),
    # A leaving staff member's page: a team manager for their team's staff, a company manager for anyone's; an empty
    # POST asks who receives (200 with the form's error) and moves nothing.
    Row(
        "staff_handover",
        {
            "team_manager": (200, 404),
            "other_team_manager": (404, 200),
            "company": 200,
            "*": 403,
        },
        make=lambda owner: {"pk": owner.pk},
        method="POST",
        get=200,
    ),
]
