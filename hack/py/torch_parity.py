"""PyTorch judges the trainer's layers: each case's parameters, as the trainer (DJL) holds them,
are copied into the equivalent torch.nn module (torch_oracle.module) and the case's inputs run
through it on CPU, in evaluation and, where asked, training mode; the largest difference from the
trainer's own outputs is reported.

Usage: torch_parity.py CASES.jsonl RESULTS.jsonl
Each input line: {"id", "type", "params", "inputs": [{"shape", "data", "dtype"}],
"parameters": {djl name without child indices: {"shape", "data"}},
"outputs": {"eval" | "train": {"shape", "data"}}}. Each output line: {"id", "diff": {mode: max
|torch - djl|}, "scale": {mode: max |torch|}} or {"id", "error"}.
"""

import json
import sys

import torch

import torch_oracle


def tensor(t):
    dtype = torch.int64 if t.get("dtype") == "int64" else torch.float32
    return torch.tensor(t["data"], dtype=dtype).reshape(t["shape"])


def recurrent_names(name):
    """layer0-reverse_l_0_i2h_WEIGHT -> weight_ih_l0_reverse."""
    layer, rest = name.split("_l_0_")
    index = layer[len("layer") :].split("-")[0]
    reverse = "_reverse" if layer.endswith("-reverse") else ""
    kind, part = rest.split("_")
    return f"{part.lower()}_{'ih' if kind == 'i2h' else 'hh'}_l{index}{reverse}"


def attention_state(params, prefix, into):
    """Separate query/key/value projections packed as nn.MultiheadAttention's in_proj."""
    into[prefix + "in_proj_weight"] = torch.cat(
        [params[f"{p}_weight"] for p in ("query", "key", "value")]
    )
    if "query_bias" in params:
        into[prefix + "in_proj_bias"] = torch.cat(
            [params[f"{p}_bias"] for p in ("query", "key", "value")]
        )
    into[prefix + "out_proj.weight"] = params["output_weight"]
    if "output_bias" in params:
        into[prefix + "out_proj.bias"] = params["output_bias"]


NORM = {"gamma": "weight", "beta": "bias", "runningMean": "running_mean", "runningVar": "running_var"}


def state(kind, params):
    """The trainer's parameters under the torch module's state_dict names."""
    if kind in ("LSTM", "GRU", "RNN"):
        return {"rnn." + recurrent_names(n): v for n, v in params.items()}
    if kind == "MultiHeadAttention":
        out = {}
        attention_state(params, "attention.", out)
        return out
    if kind == "TransformerEncoderLayer":
        out = {}
        attention_state(
            {n[len("attention_") :]: v for n, v in params.items() if n.startswith("attention_")},
            "self_attn.",
            out,
        )
        for n, v in params.items():
            block, _, leaf = n.partition("_")
            if block in ("linear1", "linear2", "norm1", "norm2"):
                out[f"{block}.{NORM.get(leaf, leaf)}"] = v
        return out
    if kind == "PReLU":
        return {"weight": params["alpha"]}
    if kind == "PositionalEncoding":
        return {"table": params["position"]} if "position" in params else {}
    out = {}
    for n, v in params.items():
        leaf = n.rsplit("_", 1)[-1]  # Conv2d_weight -> weight
        out[NORM.get(leaf, leaf)] = v
    return out


def without_identities(loaded, expected):
    """A norm without affine parameters still holds DJL's fixed scale 1 and shift 0: dropped when
    they are exactly that, left for load_state_dict to refuse when they are not."""
    kept = {}
    for name, value in loaded.items():
        fixed = name.endswith("weight") and bool((value == 1).all())
        fixed = fixed or (name.endswith("bias") and bool((value == 0).all()))
        if name in expected or not fixed:
            kept[name] = value
    return kept


def judge(case):
    inputs = [tensor(t) for t in case["inputs"]]
    shapes = [list(t["shape"][1:]) for t in case["inputs"]]
    module = torch_oracle.module(case["type"], case["params"], shapes)
    params = {n: tensor(t) for n, t in case["parameters"].items()}
    loaded = without_identities(state(case["type"], params), module.state_dict().keys())
    missing, unexpected = module.load_state_dict(loaded, strict=False)
    learnable = {n for n, _ in module.named_parameters()}
    if unexpected or learnable & set(missing):
        raise ValueError(f"weights do not fit: missing {missing}, unexpected {unexpected}")
    diff, scale = {}, {}
    for mode, expected in case["outputs"].items():
        module.train(mode == "train")
        with torch.no_grad():
            got = module(*inputs)
        want = tensor(expected)
        if got.shape != want.shape:
            raise ValueError(f"{mode}: torch gives shape {list(got.shape)}, the trainer {list(want.shape)}")
        diff[mode] = (got - want).abs().max().item()
        scale[mode] = got.abs().max().item()
    return {"diff": diff, "scale": scale}


def main(source, target):
    torch.manual_seed(0)
    with open(source) as cases, open(target, "w") as results:
        for line in cases:
            case = json.loads(line)
            try:
                result = {"id": case["id"], **judge(case)}
            except Exception as error:  # every case answers, whatever went wrong
                result = {"id": case["id"], "error": torch_oracle.first_line(error)}
            results.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
