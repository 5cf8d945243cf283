"""The safety furniture every incident page carries: the never-do list and
the emergency line. One wording, defined once, so no page can drift.

Text inside an element with class `never-do` is the only place where the
unsafe-instruction check allows words such as copy, forward or delete.
"""

from __future__ import annotations

from .services import ServiceDirectory, service_phone

NEVER_DO = (
    "Do not look any further: no more pages, files, images or messages.",
    "Do not copy, download, save, print or screenshot anything.",
    "Do not forward, share or send it to anyone, not even the police or the IWF.",
    "Do not delete anything, and do not switch the device on or off.",
    "Do not try to decide whether it is real, AI-made or drawn: treat it all the same.",
    "Do not investigate or try to find out who is responsible.",
    "Do not tell or warn the person you suspect.",
)


def never_do() -> str:
    """The standard never-do list, as one HTML block."""
    items = "".join(f"<li>{item}</li>" for item in NEVER_DO)
    return f'<div class="never-do"><ul>{items}</ul></div>'


def emergency_line(directory: ServiceDirectory) -> str:
    """The 999 line: a child in immediate danger."""
    phone = service_phone(directory, "police_emergency")
    return (
        f'<p class="emergency"><strong>If a child is in immediate danger, '
        f"call {phone} now.</strong></p>"
    )
