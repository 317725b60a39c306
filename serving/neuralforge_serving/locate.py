"""Where the model file lies under --model_dir."""

from pathlib import Path

MODEL_FILE = "model.onnx"


class ModelFileMissing(Exception):
    """No model file, or more than one that could be meant: the message says what was looked for."""


def locate_model(model_dir: str, model_name: str) -> Path:
    """The model file: <model_dir>/<model_name>/1/model.onnx, the layout NeuralForge's export writes
    (its repository root is mounted at model_dir); else <model_dir>/1/model.onnx or
    <model_dir>/model.onnx (a storageUri naming the model's own folder), else the one
    <model_dir>/*/1/model.onnx there is. Anything else beside them (config.pbtxt, samples/) is
    ignored."""
    root = Path(model_dir)
    if not root.is_dir():
        raise ModelFileMissing(f"--model_dir {root} is not a folder")
    for candidate in (root / model_name / "1" / MODEL_FILE, root / "1" / MODEL_FILE, root / MODEL_FILE):
        if candidate.is_file():
            return candidate
    found = sorted(p for p in root.glob(f"*/1/{MODEL_FILE}") if p.is_file())
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(p.parent.parent.name for p in found)
        raise ModelFileMissing(
            f"no {model_name}/1/{MODEL_FILE} under {root}, which holds {len(found)} models ({names}): "
            f"name one with --model_name"
        )
    raise ModelFileMissing(
        f"no model under {root}: looked for {model_name}/1/{MODEL_FILE}, 1/{MODEL_FILE}, {MODEL_FILE} "
        f"and */1/{MODEL_FILE}"
    )
