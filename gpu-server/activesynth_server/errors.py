"""The one error type of the server: every failure the client sees is an APIError.

It renders as OpenAI's shape `{"error": {"message", "type", "param", "code"}}`; app.py
maps any other exception to a 500 (a real bug) and logs its traceback to stderr.
"""

_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    405: "invalid_request_error",
    409: "conflict_error",
    413: "invalid_request_error",
    500: "internal_error",
    501: "not_implemented_error",
}


class APIError(Exception):
    """An error answered to the client with `status`, naming the offending `param` if any."""

    def __init__(self, status, message, param=None, code=None, type=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.type = type or _TYPES.get(status, "invalid_request_error")

    def body(self):
        return {"error": {"message": self.message, "type": self.type,
                          "param": self.param, "code": self.code}}


def bad_request(message, param=None, code="invalid_value"):
    return APIError(400, message, param=param, code=code)


def not_found(message, param=None, code="not_found"):
    return APIError(404, message, param=param, code=code)


def missing_package(package, feature):
    """501 for a feature that needs an optional package that is not importable."""
    return APIError(501, f"{feature} needs the Python package '{package}', which is not installed "
                         "(pip install -e 'gpu-server[hf]', or bash scripts/setup.sh)",
                    param=None, code="missing_package")


class ConfigError(Exception):
    """Bad start-up configuration; the message names the flag."""
