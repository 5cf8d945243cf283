"""External services (IWF, police, helplines): model, loading and macros.

Every external phone number and web address lives once, in
data/services.yml, with its public source and the date it was checked.
Pages show them only through the macros below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import AfterValidator, Field, HttpUrl

from .datafiles import DataFileError, load_data
from .errors import PageDataError, lookup
from .law import CheckedOn
from .profile import Nation, StrictModel, Text
from .references import Reference, page_sources
from .text import as_text, attr

SERVICES_FILE = Path("data") / "services.yml"


def _service_phone(value: str) -> str:
    """A UK phone number or a UK short number such as 999, 101 or 116 123."""
    try:
        number = phonenumbers.parse(str(value), "GB")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {value!r}") from exc
    # Kept as the service writes it (e.g. "0808 1000 900"), once it is valid.
    # A valid number of another country (+1 212 ...) is not a UK number.
    uk_number = phonenumbers.is_valid_number(number) and number.country_code == 44
    if uk_number or shortnumberinfo.is_valid_short_number_for_region(number, "GB"):
        return " ".join(str(value).split())
    raise ValueError(f"not a valid UK phone or short number: {value!r}")


ServicePhone = Annotated[str, AfterValidator(_service_phone)]


class Service(StrictModel):
    name: Text = Field(description="The service's own name.")
    purpose: Text = Field(description="What to use it for, in one plain sentence.")
    phone: ServicePhone | None = Field(default=None, description="Phone or short number.")
    url: HttpUrl | None = Field(default=None, description="Where to go to use the service.")
    url_label: Text | None = Field(default=None, description="Link text for url.")
    nations: list[Nation] = Field(min_length=1, description="The UK nations it serves.")
    sources: list[HttpUrl] = Field(min_length=1, description="Public pages that confirm the details.")
    checked_on: CheckedOn = Field(description="When the details were last checked against the sources.")
    notes: Text | None = None


class ServiceDirectory(StrictModel):
    services: dict[str, Service]


class ServicesError(DataFileError):
    kind = "Services file"


def load_services(project_dir: Path | str) -> ServiceDirectory:
    directory = load_data(Path(project_dir) / SERVICES_FILE, ServiceDirectory, ServicesError)
    for key, service in directory.services.items():
        if service.phone is None and service.url is None:
            raise ServicesError(SERVICES_FILE, [f"services.{key}: needs a phone or a url"])
    return directory


def _service(directory: ServiceDirectory, key: str) -> Service:
    return lookup(directory.services, key, "service")


def _tel(phone: str) -> str:
    number = phonenumbers.parse(phone, "GB")
    if phonenumbers.is_valid_number(number):
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "tel:" + phone.replace(" ", "")  # short numbers: 999, 101, 116123


def service_phone(directory: ServiceDirectory, key: str) -> str:
    service = _service(directory, key)
    if service.phone is None:
        raise PageDataError(f"service {key!r} has no phone number")
    return f'<a class="service-phone" href="{attr(_tel(service.phone))}">{as_text(service.phone)}</a>'


def service_link(directory: ServiceDirectory, key: str, text: str | None = None) -> str:
    service = _service(directory, key)
    if service.url is None:
        raise PageDataError(f"service {key!r} has no web address")
    label = text or service.url_label or service.name
    return f'<a class="service-link" href="{attr(service.url)}">{as_text(label)}</a>'


def _short(url) -> str:
    """'www.iwf.org.uk/faqs' for a link label: the host and the first part of the path."""
    first = (url.path or "/").strip("/").split("/")[0]
    return f"{url.host}/{first}" if first else str(url.host)


def service_references(service: Service) -> list[Reference]:
    """The public pages that confirm a service's details, as references."""
    return [Reference(str(url), _short(url), service.name, service.checked_on)
            for url in service.sources]


def service_card(directory: ServiceDirectory, key: str) -> str:
    """Name, purpose, phone, web address and source; one HTML block."""
    service = _service(directory, key)
    lines = [f"<strong>{as_text(service.name)}</strong>", as_text(service.purpose)]
    if service.phone:
        lines.append(f"Phone: {service_phone(directory, key)}")
    if service.url:
        lines.append(f"Online: {service_link(directory, key)}")
    if service.notes:
        lines.append(as_text(service.notes))
    # Its sources are numbered references to the page's Sources section,
    # after the service's name, never text inside the card.
    refs = "".join(page_sources.ref(ref) for ref in service_references(service))
    lines[0] += f'<span class="source-refs">{refs}</span>'
    return f'<div class="service-card" data-service="{attr(key)}"><p>{"<br>".join(lines)}</p></div>'



SERVICE_MACROS = {
    "service_phone": service_phone,
    "service_link": service_link,
    "service_card": service_card,
}


def services_json_schema() -> dict:
    schema = ServiceDirectory.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "External services"
    return schema
