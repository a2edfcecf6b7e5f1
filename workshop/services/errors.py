"""The domain errors every transport knows how to render (docs/architecture.md §5 codes)."""


class DomainError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __reduce__(self):  # whole across a pickle (a job worker raises it in the server)
        return self.__class__, (self.message, self.field)

    def as_dict(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return error


class Invalid(DomainError):
    code, status = "invalid", 400


class Unauthenticated(DomainError):
    code, status = "unauthenticated", 401


class Forbidden(DomainError):
    code, status = "forbidden", 403


class NotFound(DomainError):
    code, status = "not_found", 404


class Conflict(DomainError):
    code, status = "conflict", 409


class Unavailable(DomainError):
    """The server could not finish the work in time (a job over its timeout, docs/architecture.md §11.3)."""

    code, status = "unavailable", 503


class RateLimited(DomainError):
    code, status = "rate_limited", 429

    def __init__(self, message: str, retry_after: int = 60):
        super().__init__(message)
        self.retry_after = retry_after

    def __reduce__(self):
        return self.__class__, (self.message, self.retry_after)
