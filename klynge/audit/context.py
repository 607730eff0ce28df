"""The request's client IP and address, where the audit log can find them.

Services take an explicit actor; the IP is context, not a domain argument, so it travels in
a context variable (set by `RequestContextMiddleware`) instead of through every service
signature.
"""

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
current_path: ContextVar[str | None] = ContextVar("current_path", default=None)
