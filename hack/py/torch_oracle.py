"""PyTorch as the judge of the validator: builds each Architecture graph from torch.nn modules,
runs it on CPU and reports, per node, the output shape and parameter count PyTorch gives, or the
node PyTorch refuses and why.

Usage: torch_oracle.py GRAPHS.jsonl RESULTS.jsonl
Each input line is {"id": ..., "spec": {inputs, nodes, outputs}} (an Architecture's spec); each
output line is {"id", "nodes": {node: {"shape", "parameters"}}, "refused": null or
{"node", "message"}}. Shapes are per sample (the batch axis of 2 removed), as the spec writes them.
"""

import json
import math
import sys

import torch
from torch import nn

BATCH = 2


def tup(value, n):
    return tuple(value) if isinstance(value, list) else (value,) * n


def per_sample_axis(axis):
    """A per-sample axis as the batched tensor's axis (negative ones count from the end)."""
    return axis + 1 if axis >= 0 else axis


class Lambda(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, *xs):
        return self.fn(*xs)


class SequencePool(nn.Module):
    def __init__(self, mode):
        super().__init__()
        self.mode = mode

    def forward(self, x):
        if self.mode == "last":
            return x[:, -1]
        if self.mode == "mean":
            return x.mean(dim=1)
        return x.max(dim=1).values


class Recurrent(nn.Module):
    """LSTM/GRU/RNN over [N, T, I], returning the per-step outputs only."""

    def __init__(self, rnn):
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


class Attention(nn.Module):
    def __init__(self, attention):
        super().__init__()
        self.attention = attention

    def forward(self, *xs):
        q, k, v = xs if len(xs) == 3 else (xs[0], xs[0], xs[0])
        if len(xs) not in (1, 3):
            raise ValueError("MultiHeadAttention takes one input or three")
        return self.attention(q, k, v, need_weights=False)[0]


class PositionalEncoding(nn.Module):
    """Adds a [maxLength, E] table's first T rows: learned (a parameter) or sinusoidal (a buffer)."""

    def __init__(self, kind, max_length, dim):
        super().__init__()
        if kind == "learned":
            self.table = nn.Parameter(torch.zeros(max_length, dim))
        else:
            position = torch.arange(max_length).unsqueeze(1)
            rate = torch.exp(torch.arange(0, dim, 2) * (-math.log(10000.0) / dim))
            table = torch.zeros(max_length, dim)
            table[:, 0::2] = torch.sin(position * rate)
            table[:, 1::2] = torch.cos(position * rate)[:, : dim // 2]
            self.register_buffer("table", table)

    def forward(self, x):
        if x.shape[1] > self.table.shape[0]:
            raise ValueError(f"sequence length {x.shape[1]} exceeds maxLength {self.table.shape[0]}")
        return x + self.table[: x.shape[1]]


def activation(kind, p):
    simple = {
        "ReLU": nn.ReLU,
        "ReLU6": nn.ReLU6,
        "GELU": nn.GELU,
        "SiLU": nn.SiLU,
        "Sigmoid": nn.Sigmoid,
        "Tanh": nn.Tanh,
        "Hardswish": nn.Hardswish,
    }
    if kind in simple:
        return simple[kind]()
    if kind == "LeakyReLU":
        return nn.LeakyReLU(p.get("negativeSlope", 0.01))
    if kind == "ELU":
        return nn.ELU(p.get("alpha", 1.0))
    if kind == "Softmax":
        return nn.Softmax(per_sample_axis(p.get("dim", -1)))
    if kind == "LogSoftmax":
        return nn.LogSoftmax(per_sample_axis(p.get("dim", -1)))
    if kind == "PReLU":
        return nn.PReLU(p.get("numParameters", 1))
    return None


# Per-sample ranks of the layers torch.nn also runs unbatched: a batch of the wrong rank would be
# read as one unbatched sample there, which is not the model the graph means.
SAMPLE_RANKS = {
    **dict.fromkeys(["Conv1D", "MaxPool1D", "AvgPool1D"], (2,)),
    **dict.fromkeys(["LSTM", "GRU", "RNN", "MultiHeadAttention", "TransformerEncoderLayer"], (2,)),
    **dict.fromkeys(["PositionalEncoding", "SequencePool"], (2,)),
    **dict.fromkeys(["Conv2D", "ConvTranspose2D", "MaxPool2D", "AvgPool2D"], (3,)),
    **dict.fromkeys(["AdaptiveAvgPool2D", "AdaptiveMaxPool2D", "GlobalAvgPool2D"], (3,)),
    **dict.fromkeys(["InstanceNorm2D", "Dropout2D", "ZeroPad2D", "Upsample", "BatchNorm2D"], (3,)),
    **dict.fromkeys(["Conv3D", "MaxPool3D", "AvgPool3D", "BatchNorm3D"], (4,)),
    "BatchNorm1D": (1, 2),
}


def module(kind, p, shapes):
    """The torch.nn module for one node, given its params and its inputs' per-sample shapes."""
    shape = shapes[0]
    if kind in SAMPLE_RANKS and any(len(s) not in SAMPLE_RANKS[kind] for s in shapes):
        raise ValueError(f"{kind} takes per-sample rank {SAMPLE_RANKS[kind]}, got {shapes}")
    made = activation(kind, p)
    if made is not None:
        return made
    bias = p.get("bias", True)
    if kind == "Linear":
        return nn.Linear(shape[-1], p["outFeatures"], bias=bias)
    if kind in ("Conv1D", "Conv2D", "Conv3D"):
        n = int(kind[4])
        conv = (nn.Conv1d, nn.Conv2d, nn.Conv3d)[n - 1]
        padding = p.get("padding", 0)
        return conv(
            shape[0],
            p["outChannels"],
            tup(p["kernelSize"], n),
            stride=tup(p.get("stride", 1), n),
            padding=padding if isinstance(padding, str) else tup(padding, n),
            dilation=tup(p.get("dilation", 1), n),
            groups=p.get("groups", 1),
            bias=bias,
        )
    if kind == "ConvTranspose2D":
        return nn.ConvTranspose2d(
            shape[0],
            p["outChannels"],
            tup(p["kernelSize"], 2),
            stride=tup(p.get("stride", 1), 2),
            padding=tup(p.get("padding", 0), 2),
            output_padding=tup(p.get("outputPadding", 0), 2),
            groups=p.get("groups", 1),
            bias=bias,
            dilation=tup(p.get("dilation", 1), 2),
        )
    if kind.startswith("MaxPool") or kind.startswith("AvgPool"):
        n = int(kind[7])
        kernel = tup(p["kernelSize"], n)
        common = dict(
            stride=tup(p.get("stride", p["kernelSize"]), n),
            padding=tup(p.get("padding", 0), n),
            ceil_mode=p.get("ceilMode", False),
        )
        if kind.startswith("Max"):
            pool = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)[n - 1]
            return pool(kernel, dilation=tup(p.get("dilation", 1), n), **common)
        pool = (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)[n - 1]
        return pool(kernel, count_include_pad=p.get("countIncludePad", True), **common)
    if kind == "AdaptiveAvgPool2D":
        return nn.AdaptiveAvgPool2d(tup(p["outputSize"], 2))
    if kind == "AdaptiveMaxPool2D":
        return nn.AdaptiveMaxPool2d(tup(p["outputSize"], 2))
    if kind == "GlobalAvgPool2D":
        return nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())
    if kind in ("BatchNorm1D", "BatchNorm2D", "BatchNorm3D", "InstanceNorm2D"):
        norm = {
            "BatchNorm1D": nn.BatchNorm1d,
            "BatchNorm2D": nn.BatchNorm2d,
            "BatchNorm3D": nn.BatchNorm3d,
            "InstanceNorm2D": nn.InstanceNorm2d,
        }[kind]
        affine = p.get("affine", kind != "InstanceNorm2D")
        return norm(shape[0], eps=p.get("eps", 1e-5), momentum=p.get("momentum", 0.1), affine=affine)
    if kind == "LayerNorm":
        normalized = p.get("normalizedShape", shape[-1])
        return nn.LayerNorm(
            normalized, eps=p.get("eps", 1e-5), elementwise_affine=p.get("elementwiseAffine", True)
        )
    if kind == "GroupNorm":
        return nn.GroupNorm(
            p["numGroups"], shape[0], eps=p.get("eps", 1e-5), affine=p.get("affine", True)
        )
    if kind == "Dropout":
        return nn.Dropout(p.get("p", 0.5))
    if kind == "Dropout2D":
        return nn.Dropout2d(p.get("p", 0.5))
    if kind == "Identity":
        return nn.Identity()
    if kind == "Flatten":
        return nn.Flatten(per_sample_axis(p.get("startDim", 0)), per_sample_axis(p.get("endDim", -1)))
    if kind == "Reshape":
        target = p["shape"]
        return Lambda(lambda x: x.reshape(x.shape[0], *target))
    if kind == "Permute":
        dims = [d % len(shape) + 1 for d in p["dims"]]
        if sorted(dims) != list(range(1, len(shape) + 1)):
            raise ValueError(f"dims {p['dims']} is not a permutation")
        return Lambda(lambda x: x.permute(0, *dims))
    if kind == "Add":
        return Lambda(lambda *xs: sum(xs[1:], xs[0]))
    if kind == "Multiply":
        return Lambda(lambda *xs: math.prod(xs[1:], start=xs[0]))
    if kind == "Concat":
        axis = per_sample_axis(p.get("axis", 0))
        return Lambda(lambda *xs: torch.cat(xs, dim=axis))
    if kind == "ZeroPad2D":
        padding = p["padding"]
        return nn.ZeroPad2d(tuple(padding) if isinstance(padding, list) else padding)
    if kind == "Upsample":
        mode = p.get("mode", "nearest")
        return nn.Upsample(
            scale_factor=tuple(float(s) for s in tup(p["scaleFactor"], 2)),
            mode=mode,
            align_corners=False if mode == "bilinear" else None,
        )
    if kind == "Embedding":
        return nn.Embedding(p["numEmbeddings"], p["embeddingDim"], padding_idx=p.get("paddingIdx"))
    if kind in ("LSTM", "GRU", "RNN"):
        common = dict(
            num_layers=p.get("numLayers", 1),
            bias=bias,
            batch_first=True,
            dropout=p.get("dropout", 0.0),
            bidirectional=p.get("bidirectional", False),
        )
        if kind == "RNN":
            common["nonlinearity"] = p.get("nonlinearity", "tanh")
        rnn = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[kind]
        return Recurrent(rnn(shape[-1], p["hiddenSize"], **common))
    if kind == "SequencePool":
        return SequencePool(p.get("mode", "last"))
    if kind == "MultiHeadAttention":
        return Attention(
            nn.MultiheadAttention(
                shape[-1], p["numHeads"], dropout=p.get("dropout", 0.0), bias=bias, batch_first=True
            )
        )
    if kind == "TransformerEncoderLayer":
        return nn.TransformerEncoderLayer(
            shape[-1],
            p["numHeads"],
            dim_feedforward=p.get("dimFeedforward", 2048),
            dropout=p.get("dropout", 0.1),
            activation=p.get("activation", "relu"),
            batch_first=True,
            norm_first=p.get("normFirst", False),
        )
    if kind == "PositionalEncoding":
        return PositionalEncoding(p.get("kind", "sinusoidal"), p["maxLength"], shape[-1])
    raise ValueError(f"no torch.nn module for type {kind}")


class GraphNet(nn.Module):
    """An Architecture spec as one module: a torch.nn module per node, run inputs first."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        self.layers = nn.ModuleDict()
        values = {
            i["name"]: torch.zeros(
                [2, *i["shape"]], dtype=torch.int64 if i.get("dtype") == "int64" else torch.float32
            )
            for i in spec["inputs"]
        }
        self.order = []
        pending = list(spec["nodes"])
        while pending:
            for node in [n for n in pending if all(i in values for i in n["inputs"])]:
                pending.remove(node)
                xs = [values[i] for i in node["inputs"]]
                layer = module(
                    node["type"], node.get("params") or {}, [list(x.shape[1:]) for x in xs]
                )
                layer.eval()
                with torch.no_grad():
                    values[node["id"]] = layer(*xs)
                self.layers[node["id"]] = layer
                self.order.append(node)

    def forward(self, x):
        values = {self.spec["inputs"][0]["name"]: x}
        for node in self.order:
            values[node["id"]] = self.layers[node["id"]](*[values[i] for i in node["inputs"]])
        return values[self.spec["outputs"][0]]


def first_line(error):
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"


def judge(spec):
    """Runs the graph node by node in an order where inputs come first, as PyTorch would."""
    values = {}
    for declared in spec["inputs"]:
        shape = [BATCH, *declared["shape"]]
        if declared.get("dtype") == "int64":
            values[declared["name"]] = torch.zeros(shape, dtype=torch.int64)
        else:
            values[declared["name"]] = torch.randn(shape)
    pending = list(spec["nodes"])
    results = {}
    while pending:
        ready = [n for n in pending if all(i in values for i in n["inputs"])]
        if not ready:
            return results, {"node": pending[0]["id"], "message": "cycle or dangling input"}
        for node in ready:
            pending.remove(node)
            xs = [values[i] for i in node["inputs"]]
            try:
                layer = module(node["type"], node.get("params") or {}, [list(x.shape[1:]) for x in xs])
                layer.eval()
                with torch.no_grad():
                    out = layer(*xs)
            except Exception as error:  # PyTorch refusing, in whatever words
                return results, {"node": node["id"], "message": first_line(error)}
            if 0 in out.shape[1:]:
                # PyTorch returns an empty tensor here; the contract calls that a non-positive
                # resulting dimension, so the validator must name this node.
                return results, {"node": node["id"], "message": f"empty output {list(out.shape)}"}
            values[node["id"]] = out
            results[node["id"]] = {
                "shape": list(out.shape[1:]),
                "parameters": sum(p.numel() for p in layer.parameters()),
            }
    return results, None


def main(source, target):
    torch.manual_seed(0)
    torch.set_num_threads(1)
    with open(source) as graphs, open(target, "w") as out:
        for line in graphs:
            graph = json.loads(line)
            nodes, refused = judge(graph["spec"])
            out.write(json.dumps({"id": graph["id"], "nodes": nodes, "refused": refused}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
