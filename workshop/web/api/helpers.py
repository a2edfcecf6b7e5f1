"""Reading JSON bodies for the API."""

from flask import request

from ...bounded_json import TOO_DEEP_MESSAGE, parse
from ...services.errors import Invalid


def json_body() -> dict:
    raw = request.get_data(cache=True)
    if not raw:
        return {}
    if not request.is_json:
        raise Invalid("The request body must be valid JSON.")
    try:
        data = parse(raw)
    except ValueError as error:
        if str(error) == TOO_DEEP_MESSAGE:
            raise Invalid(TOO_DEEP_MESSAGE) from None
        raise Invalid("The request body must be valid JSON.") from None
    if not isinstance(data, dict):
        raise Invalid("The request body must be a JSON object.")
    return data
