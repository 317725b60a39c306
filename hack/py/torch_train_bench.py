"""make bench-train's anchor: the same TrainingRun recipe trained by PyTorch eager on this CPU.

Builds the Architecture from torch.nn modules (torch_oracle.module, the modules the validator and
the trainer's parity tests are judged by), trains it on the files the trainer reads (the builtin
Fashion-MNIST, or a dataset.uri folder in the cifar10 or csv format), with the run's batch size,
Adam, AdamW or SGD (with the run's weight decay), learning rate, per-step cosine schedule,
validation split and augmentations (flip, crop, Normalize). It keeps the trainer's bookkeeping: each
step's loss and correct count read back, validation loss and accuracy each epoch, the best and the
last parameters written to disk. Prints one JSON line: samplesPerSecond (training samples over the
epochs' wall time, validation included, as the trainer counts), testAccuracy, peakRssMiB.

Usage: torch_train_bench.py RUN.yaml ARCHITECTURE.yaml DATASETS_DIR THREADS
"""

import glob
import gzip
import json
import math
import os
import resource
import sys
import tempfile
import time

import numpy as np
import torch
import torch.autograd.profiler_legacy
import yaml
from torch import nn

import torch_oracle


def idx(path):
    with gzip.open(path) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def augmented(batch, augmentations, training):
    """The run's augmentations in their order, as the trainer applies them: flips and crops (of the
    zero-padded image, per sample) while training, Normalize always."""
    for a in augmentations:
        if a["type"] == "RandomHorizontalFlip" and training:
            flip = torch.rand(len(batch)) < a.get("p", 0.5)
            batch = torch.where(flip[:, None, None, None], batch.flip(-1), batch)
        elif a["type"] == "RandomCrop" and training and a.get("padding", 0) > 0:
            pad = a["padding"]
            n, _, h, w = batch.shape
            padded = nn.functional.pad(batch, (pad, pad, pad, pad))
            dy = torch.randint(0, 2 * pad + 1, (n, 1, 1))
            dx = torch.randint(0, 2 * pad + 1, (n, 1, 1))
            rows = (dy + torch.arange(h)[None, :, None]).expand(n, h, w)
            cols = (dx + torch.arange(w)[None, None, :]).expand(n, h, w)
            batch = padded[torch.arange(n)[:, None, None], :, rows, cols].permute(0, 3, 1, 2)
        elif a["type"] == "Normalize":
            mean = torch.tensor(a["mean"]).view(1, -1, 1, 1)
            std = torch.tensor(a["std"]).view(1, -1, 1, 1)
            batch = (batch - mean) / std
    return batch


class StepProfile:
    """PyTorch's legacy autograd profiler, the one DJL's JNI starts for the trainer, over the same
    window of training steps the trainer's NEURALFORGE_TORCH_PROFILE records (OperatorProfile:
    NEURALFORGE_TORCH_PROFILE_STEPS, FIRST:COUNT, of the first epoch, 50:200 unless set), written as
    a Chrome trace to the file given; nothing without one. One profiler on both sides, so that its
    own cost is the same on both."""

    def __init__(self, trace):
        self.trace, self.profiler, self.done = trace, None, False
        window = os.environ.get("NEURALFORGE_TORCH_PROFILE_STEPS", "50:200")
        self.first, self.steps = (int(v) for v in window.split(":"))

    def before(self, step):
        if self.trace and not self.done and step == self.first:
            self.profiler = torch.autograd.profiler_legacy.profile()
            self.profiler.__enter__()

    def after(self, step):
        if step == self.first + self.steps - 1:
            self.stop()

    def stop(self):
        """At the window's end, or the first epoch's: only the first epoch is profiled."""
        if self.profiler is not None and not self.done:
            self.profiler.__exit__(None, None, None)
            self.profiler.export_chrome_trace(self.trace)
        elif self.trace and not self.done:
            print(f"the first epoch ended before step {self.first}: no profile", file=sys.stderr)
        self.done = True


def load(dataset, datasets):
    """Training and test features and labels as the trainer reads them: the builtin Fashion-MNIST,
    or dataset.uri in the cifar10 (data_batch_*.bin, test_batch.bin) or csv (train.csv, test.csv;
    feature columns then the label) format."""
    if dataset.get("builtin") == "fashion-mnist":
        folder = f"{datasets}/fashion-mnist"
        x = torch.tensor(idx(f"{folder}/train-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
        y = torch.tensor(idx(f"{folder}/train-labels-idx1-ubyte.gz"), dtype=torch.int64)
        tx = torch.tensor(idx(f"{folder}/t10k-images-idx3-ubyte.gz"), dtype=torch.float32) / 255
        ty = torch.tensor(idx(f"{folder}/t10k-labels-idx1-ubyte.gz"), dtype=torch.int64)
        return x.unsqueeze(1), y, tx.unsqueeze(1), ty
    folder = dataset["uri"].removeprefix("file:")
    if dataset.get("format") == "cifar10":
        def records(files):
            raw = np.concatenate([np.fromfile(f, dtype=np.uint8) for f in files]).reshape(-1, 3073)
            images = torch.tensor(raw[:, 1:], dtype=torch.float32).view(-1, 3, 32, 32) / 255
            return images, torch.tensor(raw[:, 0], dtype=torch.int64)
        x, y = records(sorted(glob.glob(f"{folder}/data_batch_*.bin")))
        return (x, y, *records([f"{folder}/test_batch.bin"]))
    if dataset.get("format") == "csv":
        def rows(file):
            table = torch.tensor(np.loadtxt(file, delimiter=",", dtype=np.float32))
            return table[:, :-1], table[:, -1].long()
        return (*rows(f"{folder}/train.csv"), *rows(f"{folder}/test.csv"))
    sys.exit(f"torch_train_bench.py: no reader for the dataset {dataset}")


def main(run_file, architecture_file, datasets, threads):
    torch.set_num_threads(int(threads))
    run = yaml.safe_load(open(run_file))["spec"]
    hp = run.get("hyperparameters", {})
    seed = hp.get("seed", 42)
    torch.manual_seed(seed)
    x, y, tx, ty = load(run["dataset"], datasets)
    augmentations = run["dataset"].get("augmentations", [])
    held = int(len(x) * run["dataset"].get("validationFraction", 0.1))
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    vx, vy, x, y = x[order[:held]], y[order[:held]], x[order[held:]], y[order[held:]]

    architecture = yaml.safe_load(open(architecture_file))["spec"]
    if architecture["inputs"][0].get("dtype") == "int64":  # token ids, read as numbers
        x, vx, tx = x.long(), vx.long(), tx.long()
    net = torch_oracle.GraphNet(architecture)
    epochs, batch = hp.get("epochs", 10), hp.get("batchSize", 64)
    opt = hp.get("optimizer", {})
    lr = opt.get("learningRate", 0.001)
    kind, decay = opt.get("type", "Adam"), opt.get("weightDecay", 0)
    if kind in ("Adam", "AdamW"):
        optimizer = getattr(torch.optim, kind)(net.parameters(), lr=lr, weight_decay=decay)
    elif kind == "SGD":
        optimizer = torch.optim.SGD(
            net.parameters(), lr=lr, momentum=opt.get("momentum", 0.9), weight_decay=decay
        )
    else:
        sys.exit(f"torch_train_bench.py: no optimizer {kind}")
    steps = epochs * math.ceil(len(x) / batch)
    cosine = hp.get("scheduler", {}).get("type") == "Cosine"
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)) if cosine else 1.0
    )
    loss_of = nn.CrossEntropyLoss()

    def accuracy(images, labels):
        """Accuracy (and, as the trainer computes it too, the loss) in eval mode."""
        net.eval()
        right, loss = 0, 0.0
        with torch.no_grad():
            for i in range(0, len(images), batch):
                logits = net(augmented(images[i : i + batch], augmentations, False))
                loss += loss_of(logits, labels[i : i + batch]).item() * len(logits)
                right += (logits.argmax(1) == labels[i : i + batch]).sum().item()
        return right / len(images)

    # The trainer's bookkeeping, done here too: each step's loss and correct count read back, the
    # best and the last parameters written to disk every epoch.
    checkpoints = tempfile.TemporaryDirectory()
    best, seen_loss, seen_right = -1.0, 0.0, 0
    started = time.perf_counter()
    profile = StepProfile(os.environ.get("NEURALFORGE_TORCH_PROFILE"))
    for epoch in range(epochs):
        net.train()
        for step, i in enumerate(torch.randperm(len(x)).split(batch)):
            profile.before(step)
            optimizer.zero_grad()
            logits = net(augmented(x[i], augmentations, True))
            loss = loss_of(logits, y[i])
            loss.backward()
            optimizer.step()
            schedule.step()
            seen_loss += loss.item() * len(i)
            seen_right += (logits.argmax(1) == y[i]).sum().item()
            profile.after(step)
        profile.stop()
        validation = accuracy(vx, vy)
        if validation > best:
            best = validation
            torch.save(net.state_dict(), f"{checkpoints.name}/best.pt")
        torch.save(net.state_dict(), f"{checkpoints.name}/last.pt")
    seconds = time.perf_counter() - started
    net.load_state_dict(torch.load(f"{checkpoints.name}/best.pt"))
    print(
        json.dumps(
            {
                "samplesPerSecond": round(epochs * len(x) / seconds),
                "testAccuracy": round(accuracy(tx, ty), 4),
                "validationAccuracy": round(best, 4),
                "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
