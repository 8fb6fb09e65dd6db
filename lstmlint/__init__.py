"""lstmlint: a static shape checker for Keras recurrent models."""

__version__ = "0.1.0"

# Where the repository lives: the one place documentation URLs are built from (JSON ``url``,
# SARIF ``helpUri`` and ``informationUri``, the text report's ``see:`` line).
# The project has no public address yet, so this is a placeholder on the reserved ``.invalid``
# domain (RFC 2606): it is a well-formed URL that never resolves to somebody else's site.
# Change it here, and only here, when the repository is published.
REPOSITORY_URL = "https://lstmlint.invalid/lstmlint"
DOCS_URL = REPOSITORY_URL + "/blob/main/docs/"


def rule_url(code: str) -> str:
    """The documentation page of a code: ``docs/rules/<code>.md`` in the repository."""
    return f"{DOCS_URL}rules/{code}.md"
