"""The server as KServe runs it (a subprocess on a port), answering v1 and v2 requests about the two
test models; its answers compared with ONNX Runtime's own."""

import json
import socket
import struct
import urllib.parse

import numpy as np
import onnxruntime as ort
import pytest

V2 = "/v2/models/classifier"


def reference(repository, name, feeds):
    session = ort.InferenceSession(str(repository / name / "1" / "model.onnx"), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def images(count):
    return np.random.default_rng(count).normal(size=(count, 1, 4, 4)).astype(np.float32)


def tensor(name, array, datatype):
    return {"name": name, "shape": list(array.shape), "datatype": datatype, "data": array.flatten().tolist()}


def test_v2_infer_gives_onnxruntime_outputs_exactly(classifier, repository):
    x = images(5)
    status, body, _ = classifier.post(f"{V2}/infer", {"id": "r1", "inputs": [tensor("image", x, "FP32")]})
    assert status == 200, body
    assert body["model_name"] == "classifier" and body["id"] == "r1"
    [output] = body["outputs"]
    assert (output["name"], output["datatype"], output["shape"]) == ("logits", "FP32", [5, 3])
    expected = reference(repository, "classifier", {"image": x})[0]
    got = np.array(output["data"], dtype=np.float32).reshape(5, 3)
    assert np.max(np.abs(got - expected)) <= 1e-6
    assert np.array_equal(got, expected)  # JSON carries float32 values exactly


def test_v2_metadata_names_the_graphs_tensors(classifier, scorer):
    status, body, _ = classifier.get(V2)
    assert status == 200
    assert body["inputs"] == [{"name": "image", "datatype": "FP32", "shape": [-1, 1, 4, 4]}]
    assert body["outputs"] == [{"name": "logits", "datatype": "FP32", "shape": [-1, 3]}]
    status, body, _ = scorer.get("/v2/models/scorer")
    assert body["inputs"] == [
        {"name": "ids", "datatype": "INT64", "shape": [-1, 5]},
        {"name": "scale", "datatype": "FP32", "shape": [-1, 1]},
    ]
    assert body["outputs"] == [
        {"name": "score", "datatype": "FP32", "shape": [-1, 2]},
        {"name": "best", "datatype": "INT64", "shape": [-1]},
    ]


def test_v2_int64_inputs_and_outputs(scorer, repository):
    ids = np.array([[1, 2, 3, 4, 5], [9, 0, 0, 0, 2**40]], dtype=np.int64)
    scale = np.array([[0.5], [-1.0]], dtype=np.float32)
    status, body, _ = scorer.post(
        "/v2/models/scorer/infer", {"inputs": [tensor("ids", ids, "INT64"), tensor("scale", scale, "FP32")]}
    )
    assert status == 200, body
    score, best = reference(repository, "scorer", {"ids": ids, "scale": scale})
    outputs = {o["name"]: o for o in body["outputs"]}
    assert outputs["best"]["datatype"] == "INT64" and outputs["best"]["data"] == best.tolist()
    assert np.array_equal(np.array(outputs["score"]["data"], dtype=np.float32).reshape(2, 2), score)
    # only the outputs asked for
    status, body, _ = scorer.post(
        "/v2/models/scorer/infer",
        {"inputs": [tensor("ids", ids, "INT64"), tensor("scale", scale, "FP32")], "outputs": [{"name": "best"}]},
    )
    assert status == 200 and [o["name"] for o in body["outputs"]] == ["best"]


def test_v1_predict_with_instances(classifier, scorer, repository):
    x = images(2)
    status, body, _ = classifier.post("/v1/models/classifier:predict", {"instances": x.tolist()})
    assert status == 200, body
    assert np.array_equal(np.array(body["predictions"], dtype=np.float32), reference(repository, "classifier", {"image": x})[0])
    instances = [{"ids": [1, 2, 3, 4, 5], "scale": [2.0]}, {"ids": [5, 4, 3, 2, 1], "scale": [1.0]}]
    status, body, _ = scorer.post("/v1/models/scorer:predict", {"instances": instances})
    assert status == 200, body
    ids = np.array([i["ids"] for i in instances], dtype=np.int64)
    scale = np.array([i["scale"] for i in instances], dtype=np.float32)
    score, best = reference(repository, "scorer", {"ids": ids, "scale": scale})
    assert [p["best"] for p in body["predictions"]] == best.tolist()
    assert np.array_equal(np.array([p["score"] for p in body["predictions"]], dtype=np.float32), score)


GOOD_IDS = {"name": "ids", "shape": [1, 5], "datatype": "INT64", "data": [1, 2, 3, 4, 5]}
GOOD_SCALE = {"name": "scale", "shape": [1, 1], "datatype": "FP32", "data": [1.0]}


@pytest.mark.parametrize(
    "server, inputs, names",
    [
        ("classifier", [{"name": "image", "shape": [1, 4, 4], "datatype": "FP32", "data": [0.0] * 16}],
         "input image: shape [1, 4, 4] does not fit [-1, 1, 4, 4]"),
        ("classifier", [{"name": "image", "shape": [1, 1, 4, 5], "datatype": "FP32", "data": [0.0] * 20}],
         "input image: shape [1, 1, 4, 5] does not fit [-1, 1, 4, 4]"),
        ("classifier", [{"name": "image", "shape": [1, 1, 4, 4], "datatype": "INT64", "data": [0] * 16}],
         "input image: datatype INT64 does not match the model's FP32"),
        ("classifier", [{"name": "image", "shape": [1, 1, 4, 4], "datatype": "FP32", "data": [0.0] * 15}],
         "input image: 15 values do not fill shape [1, 1, 4, 4] (16 needed)"),
        ("classifier", [{"name": "image", "shape": [1, 1, 4, 4], "datatype": "FP32", "data": ["a"] * 16}],
         "input image: data must be a flat or nested list of numbers for FP32"),
        ("classifier", [{"name": "picture", "shape": [1, 1, 4, 4], "datatype": "FP32", "data": [0.0] * 16}],
         "input picture: the model has no such input (its inputs: image)"),
        ("scorer", [GOOD_IDS], "input scale: missing from the request (the model's inputs: ids, scale)"),
        ("scorer", [GOOD_IDS, GOOD_SCALE, {**GOOD_SCALE, "name": "bias"}],
         "input bias: the model has no such input (its inputs: ids, scale)"),
        ("scorer", [{**GOOD_IDS, "data": [1.5, 2, 3, 4, 5]}, GOOD_SCALE],
         "input ids: data must be a flat or nested list of integers for INT64"),
        ("scorer", [{**GOOD_IDS, "data": [2**64, 2, 3, 4, 5]}, GOOD_SCALE],
         "input ids: data must be a flat or nested list of integers for INT64"),
        ("scorer", [GOOD_IDS, GOOD_SCALE, GOOD_SCALE], "input scale: given twice"),
    ],
)
def test_v2_bad_inputs_are_400_naming_the_input(request, server, inputs, names):
    server_ = request.getfixturevalue(server)
    status, body, _ = server_.post(f"/v2/models/{server}/infer", {"inputs": inputs})
    assert (status, body) == (400, {"error": names})


@pytest.mark.parametrize(
    "body, error",
    [
        ({"inputs": [{"name": "image", "datatype": "FP32", "data": [0.0] * 16}]}, "request: inputs.0.shape: Field required"),
        ({"input": []}, "request: inputs: Field required"),
        (b"{not json", "request: the body is not valid JSON"),
        ({"inputs": [{"name": "image", "shape": [1, 1, 4, 4], "datatype": "FP32", "data": [0.0] * 16}],
          "outputs": [{"name": "probabilities"}]}, "output probabilities: the model has no such output (its outputs: logits)"),
    ],
)
def test_v2_malformed_requests_are_400_in_one_line(classifier, body, error):
    status, got, _ = classifier.post(f"{V2}/infer", body)
    assert (status, got) == (400, {"error": error})


@pytest.mark.parametrize(
    "body, error",
    [
        ({"instances": [[[0.0] * 4] * 4]}, "input image: shape [1, 4, 4] does not fit [-1, 1, 4, 4]"),
        ({"instances": []}, 'request: a v1 body needs "instances", a list of one item per example'),
        ({"instances": [{"picture": [[[0.0] * 4] * 4]}]}, "input picture: the model has no such input (its inputs: image)"),
        ({"instances": [[[[0.0] * 4] * 4], [[[0.0] * 3] * 4]]}, "input image: data must be a flat or nested list of numbers for FP32"),
    ],
)
def test_v1_bad_instances_are_400(classifier, body, error):
    status, got, _ = classifier.post("/v1/models/classifier:predict", body)
    assert (status, got) == (400, {"error": error})


def test_v2_binary_input_with_an_unknown_name_is_400(classifier):
    body, headers = binary_request(
        {"inputs": [{"name": "picture", "shape": [1, 1, 4, 4], "datatype": "FP32", "parameters": {"binary_data_size": 64}}]},
        bytes(64),
    )
    status, got, _ = classifier.post(f"{V2}/infer", body, headers)
    assert (status, got) == (400, {"error": "input picture: the model has no such input (its inputs: image)"})


def test_unknown_model_is_404_in_one_line(classifier):
    x = images(1)
    for status, body, _ in (
        classifier.post("/v2/models/nothing/infer", {"inputs": [tensor("image", x, "FP32")]}),
        classifier.get("/v2/models/nothing"),
        classifier.get("/v2/models/nothing/ready"),
        classifier.post("/v1/models/nothing:predict", {"instances": x.tolist()}),
    ):
        assert status == 404
        assert body == {"error": "Model with name nothing does not exist."}


def test_a_request_offering_http2_keeps_its_body(classifier, repository):
    # Java's HttpClient, among others, offers h2c on plain http, headers and body in one write
    x = images(2)
    body = json.dumps({"inputs": [tensor("image", x, "FP32")]}).encode()
    host, port = urllib.parse.urlsplit(classifier.base).netloc.split(":")
    head = (
        f"POST {V2}/infer HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < content_length(answer):
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line, rest = answer.split(b"\r\n", 1)
    payload = json.loads(rest.split(b"\r\n\r\n", 1)[1])
    assert status_line.split()[1] == b"200", payload
    (expected,) = reference(repository, "classifier", {"image": x})
    assert np.array_equal(np.array(payload["outputs"][0]["data"], dtype=np.float32), expected.flatten())


def content_length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 1 << 30


def test_the_model_cannot_be_unloaded_over_http(classifier):
    for status, body, _ in (
        classifier.post("/v2/repository/models/classifier/unload", {}),
        classifier.post("/v2/repository/models/classifier/load", {}),
        classifier.post("/v2/repository/index", {}),
    ):
        assert status == 403
        assert body == {"error": "the model repository extension is off: this server serves one model"}
    assert classifier.get(f"{V2}/ready")[:2] == (200, {"name": "classifier", "ready": True})


def test_live_and_ready(classifier):
    assert classifier.get("/v2/health/live")[:2] == (200, {"live": True})
    assert classifier.get("/v2/health/ready")[:2] == (200, {"ready": True})
    assert classifier.get(f"{V2}/ready")[:2] == (200, {"name": "classifier", "ready": True})
    assert classifier.get("/v1/models/classifier")[:2] == (200, {"name": "classifier", "ready": True})


def binary_request(header: dict, payload: bytes):
    """A body of the binary tensor data extension; sent as application/json, as some clients do."""
    head = json.dumps(header).encode()
    return head + payload, {"inference-header-content-length": str(len(head))}


def test_v2_binary_tensor_data(classifier, repository):
    x = images(3)
    body, headers = binary_request(
        {"inputs": [{"name": "image", "shape": [3, 1, 4, 4], "datatype": "FP32", "parameters": {"binary_data_size": x.nbytes}}],
         "parameters": {"binary_data_output": True}},
        x.tobytes(),
    )
    status, got, response_headers = classifier.post(f"{V2}/infer", body, headers)
    assert status == 200, got
    length = int(response_headers["inference-header-content-length"])
    head = json.loads(got[:length])
    assert head["outputs"][0]["parameters"]["binary_data_size"] == 3 * 3 * 4
    logits = np.frombuffer(got[length:], dtype=np.float32).reshape(3, 3)
    assert np.array_equal(logits, reference(repository, "classifier", {"image": x})[0])


@pytest.mark.parametrize(
    "size, payload, error",
    [
        (63, 64, "input image: binary_data_size 63 does not hold shape [1, 1, 4, 4] of FP32 (64 bytes)"),
        (64, 60, "request: the inputs' binary_data_size add up to 64 bytes, the body holds 60 after the JSON"),
        (None, 64, "input image: neither data nor parameters.binary_data_size"),
    ],
)
def test_v2_binary_data_that_does_not_add_up_is_400(classifier, size, payload, error):
    parameters = {} if size is None else {"binary_data_size": size}
    body, headers = binary_request(
        {"inputs": [{"name": "image", "shape": [1, 1, 4, 4], "datatype": "FP32", "parameters": parameters}]},
        struct.pack(f"{payload}B", *([0] * payload)),
    )
    status, got, _ = classifier.post(f"{V2}/infer", body, headers)
    assert (status, got) == (400, {"error": error})
