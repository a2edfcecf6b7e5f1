"""Reading JSON bodies for the API."""

from flask import request

from ...services.errors import Invalid


def json_body() -> dict:
    data = request.get_json(silent=True)
    if data is None:
        if request.get_data(cache=True):
            raise Invalid("The request body must be valid JSON.")
        return {}
    if not isinstance(data, dict):
        raise Invalid("The request body must be a JSON object.")
    return data
