"""multipart/form-data parsing with the standard library's email parser (the cgi module is
gone from Python 3.13). Enough for what the openai clients send to POST /v1/files."""

from email.parser import BytesParser
from email.policy import HTTP

from .errors import bad_request


def parse_multipart(content_type, body):
    """-> {field name: (filename or None, bytes)}; 400 for a body that is not multipart."""
    if "boundary=" not in content_type:
        raise bad_request("multipart/form-data body without a boundary", param="file",
                          code="invalid_multipart")
    head = f"MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n".encode("latin-1")
    msg = BytesParser(policy=HTTP).parsebytes(head + body)
    if not msg.is_multipart():
        raise bad_request("could not parse the multipart/form-data body", param="file",
                          code="invalid_multipart")
    fields = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            fields[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return fields
