"""Reading fields from untrusted payloads: each reader raises Invalid naming the field."""

import re
import unicodedata
from datetime import date, time
from typing import Any

from ..bounded_json import TOO_DEEP_MESSAGE, TooDeep, within_depth
from .errors import Invalid

# Control characters, and lone surrogates ("\ud800" in JSON): neither database can store those
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# Half of a UTF-16 pair on its own: JSON may carry one ("\\ud800"), but it is no character and cannot be
# stored (SQLite and PostgreSQL refuse it, and so does every UTF-8 encoder)
_SURROGATE = re.compile("[\ud800-\udfff]")


def payload(data: Any) -> dict:
    if isinstance(data, TooDeep) or (isinstance(data, dict) and not within_depth(data)):
        raise Invalid(TOO_DEEP_MESSAGE)
    if not isinstance(data, dict):
        raise Invalid("The request must be a JSON object.")
    return data


def is_text(value) -> bool:
    """A string every database and encoder takes: no lone surrogate."""
    return isinstance(value, str) and not _SURROGATE.search(value)


def clean_text(value: str, *, multiline: bool = False) -> str:
    if _SURROGATE.search(value):
        raise Invalid("The text holds a broken character (half of a UTF-16 pair).")
    value = unicodedata.normalize("NFC", value)
    value = _CONTROL.sub("", value)
    if not multiline:
        value = " ".join(value.split())
    return value.strip()


def text(data: dict, key: str, *, label: str | None = None, required: bool = False,
         max_len: int = 300, default: str = "", multiline: bool = False) -> str:
    label = label or key.replace("_", " ")
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Invalid(f"Please enter the {label}.", key)
        return default
    if not isinstance(value, str):
        raise Invalid(f"The {label} must be text.", key)
    if len(value) > 4 * max_len + 1000:  # far over: refused before the work of cleaning it
        raise Invalid(f"The {label} is too long (at most {max_len} characters).", key)
    if _SURROGATE.search(value):
        raise Invalid(f"The {label} holds a broken character (half of a UTF-16 pair).", key)
    value = clean_text(value, multiline=multiline)
    if required and not value:
        raise Invalid(f"Please enter the {label}.", key)
    if len(value) > max_len:
        raise Invalid(f"The {label} is too long (at most {max_len} characters).", key)
    return value


def integer(data: dict, key: str, *, label: str | None = None, required: bool = False,
            minimum: int | None = None, maximum: int | None = None, default: int | None = None):
    label = label or key.replace("_", " ")
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Invalid(f"Please give the {label}.", key)
        return default
    if isinstance(value, bool):
        raise Invalid(f"The {label} must be a whole number.", key)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        value = int(value)
    if not isinstance(value, int):
        raise Invalid(f"The {label} must be a whole number.", key)
    if minimum is not None and value < minimum:
        raise Invalid(f"The {label} must be at least {minimum}.", key)
    if maximum is not None and value > maximum:
        raise Invalid(f"The {label} must be at most {maximum}.", key)
    return value


def choice(data: dict, key: str, options, *, label: str | None = None, default: str | None = None):
    label = label or key.replace("_", " ")
    value = data.get(key)
    if value is None or value == "":
        if default is None:
            raise Invalid(f"Please choose the {label}.", key)
        return default
    if not isinstance(value, str) or value not in options:
        readable = ", ".join(options)
        raise Invalid(f"The {label} must be one of: {readable}.", key)
    return value


def boolean(data: dict, key: str, *, default: bool = False) -> bool:
    value = data.get(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "on", "yes", "1", "false", "off", "no", "0"):
        return value.lower() in ("true", "on", "yes", "1")
    raise Invalid(f"The {key.replace('_', ' ')} must be true or false.", key)


def iso_date(data: dict, key: str, *, label: str | None = None, required: bool = False) -> date | None:
    label = label or key.replace("_", " ")
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Invalid(f"Please give the {label}.", key)
        return None
    if not isinstance(value, str):
        raise Invalid(f"The {label} must be a date like 2024-03-04.", key)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"The {label} must be a date like 2024-03-04.", key) from None


def clock_time(data: dict, key: str, *, label: str | None = None) -> time | None:
    label = label or key.replace("_", " ")
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\s*([01]?\d|2[0-3])[:.h]([0-5]\d)(?::00)?\s*", value)
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    raise Invalid(f"The {label} must be a time like 09:30.", key)


def is_id(value) -> bool:
    """A row id the database can hold: a URL's <int:...> or a payload may carry 10**30 (SQLite overflows)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def identifier(data: dict, key: str, *, label: str | None = None, required: bool = True) -> int | None:
    return integer(data, key, label=label, required=required, minimum=1, maximum=2**31 - 1)
