class ServiceError(Exception):
    """A domain rule said no. The message is for the user (Danish, through gettext)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConcurrentEditError(ServiceError):
    """Someone else saved the same thing first; nothing was written."""
