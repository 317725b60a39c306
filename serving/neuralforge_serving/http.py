"""What the server answers before a request reaches the model: a body that is not a v2 inference
request, and requests using the v2 binary tensor data extension, are refused with HTTP 400 and a
one-line {"error": ...}, never a 422 listing or a 500 with a trace. A refused request is logged in
one line too: KServe logs every error it answers with its trace."""

import json
import logging
import math
import re
import warnings

import uvicorn.config

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from kserve.errors import InvalidInput, ModelNotFound

from .tensors import ITEM_SIZES, shape_text

INFER_PATH = re.compile(r"^/v2/models/[^/]+(/versions/[^/]+)?/infer$")
REPOSITORY_PATH = re.compile(r"^/v2/repository(/|$)")
HEADER_LENGTH = b"inference-header-content-length"


def install(app: FastAPI):
    # uvicorn's default HTTP parser (httptools) drops the body of a request that offers an upgrade
    # to HTTP/2 (Upgrade: h2c), as Java's HttpClient and others do on plain http; h11 reads it,
    # and the connection stays HTTP/1.1. KServe builds the server's config, so "auto" is named h11.
    uvicorn.config.HTTP_PROTOCOLS["auto"] = "uvicorn.protocols.http.h11_impl:H11Protocol"
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(BinaryInferRequests)
    app.add_middleware(NoRepositoryControl)
    logging.getLogger("kserve").addFilter(_refusals_in_one_line)
    # KServe 0.21 answers with FastAPI's ORJSONResponse, which FastAPI warns of at every request
    warnings.filterwarnings("ignore", message="ORJSONResponse is deprecated")


def _refusals_in_one_line(record: logging.LogRecord) -> bool:
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, (InvalidInput, ModelNotFound, NotImplementedError)):
        record.msg, record.args, record.exc_info = "refused: %s", (error,), None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
    return True


async def _invalid_request(_, exc: RequestValidationError) -> JSONResponse:
    # KServe's infer route takes an InferenceRequest or raw bytes: the bytes alternative's complaint
    # says nothing a client can use, and the union's member names no field
    errors = [e for e in exc.errors() if e.get("type") != "bytes_type"] or exc.errors()
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        message = "request: the body is not valid JSON"
    else:
        loc = [str(part) for part in first.get("loc", ()) if part not in ("body", "InferenceRequest")]
        message = f"request: {'.'.join(loc) or 'body'}: {first.get('msg', 'invalid')}"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more problems)"
    return JSONResponse(status_code=400, content={"error": message})


class NoRepositoryControl:
    """ASGI middleware: KServe always serves the model repository extension (list, load, unload),
    with which anyone who reaches the port could unload the one model this server holds. It serves
    one model for its life, so those routes answer 403."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and REPOSITORY_PATH.match(scope["path"]):
            response = JSONResponse(
                status_code=403,
                content={"error": "the model repository extension is off: this server serves one model"})
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)


class BinaryInferRequests:
    """ASGI middleware: a v2 infer request whose tensors follow its JSON header as bytes (the
    Inference-Header-Content-Length header says where the JSON ends) is checked here, since KServe
    decodes those bytes before the model sees them and answers 500 where they do not add up."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not INFER_PATH.match(scope["path"]):
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(HEADER_LENGTH)
        if length is None:
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        body = bytes(body)
        problem = binary_request_problem(body, length)
        if problem:
            return await JSONResponse(status_code=400, content={"error": problem})(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        # the bytes route whatever the client said the body is: FastAPI would parse JSON as JSON
        headers = [(k, v) for k, v in scope["headers"] if k != b"content-type"]
        scope = dict(scope, headers=headers + [(b"content-type", b"application/octet-stream")])
        return await self.app(scope, replay, send)


def binary_request_problem(body: bytes, header_length: bytes):
    """What is wrong with a binary-extension request, in one line; None when KServe can decode it."""
    try:
        json_length = int(header_length)
    except ValueError:
        json_length = -1
    if not 0 <= json_length <= len(body):
        return f"request: Inference-Header-Content-Length {header_length.decode(errors='replace')} is not a length within the body's {len(body)} bytes"
    try:
        request = json.loads(body[:json_length])
    except (ValueError, UnicodeDecodeError):
        return "request: the first Inference-Header-Content-Length bytes are not valid JSON"
    if not isinstance(request, dict) or not isinstance(request.get("inputs"), list):
        return 'request: the JSON header needs "inputs", a list'
    offset = json_length
    for tensor in request["inputs"]:
        if not isinstance(tensor, dict) or not isinstance(tensor.get("name"), str):
            return "request: every input needs a name"
        name, shape, datatype = tensor["name"], tensor.get("shape"), tensor.get("datatype")
        if not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0 for d in shape):
            return f"input {name}: shape must be a list of dimensions"
        if not isinstance(datatype, str):
            return f"input {name}: datatype must be given"
        if "data" in tensor:
            continue
        parameters = tensor.get("parameters")
        size = parameters.get("binary_data_size") if isinstance(parameters, dict) else None
        if not isinstance(size, int) or isinstance(size, bool):
            return f"input {name}: neither data nor parameters.binary_data_size"
        item = ITEM_SIZES.get(datatype.upper())
        if item is None:
            return f"input {name}: datatype {datatype} cannot be sent as binary data here"
        needed = math.prod(shape) * item
        if size != needed:
            return f"input {name}: binary_data_size {size} does not hold shape {shape_text(shape)} of {datatype} ({needed} bytes)"
        offset += size
    if offset != len(body):
        return f"request: the inputs' binary_data_size add up to {offset - json_length} bytes, the body holds {len(body) - json_length} after the JSON"
    outputs = request.get("outputs")
    if outputs is not None and not (
        isinstance(outputs, list) and all(isinstance(o, dict) and isinstance(o.get("name"), str) for o in outputs)
    ):
        return "request: outputs must be a list of objects with a name"
    return None
