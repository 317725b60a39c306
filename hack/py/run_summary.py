"""One line from the status `neuralforge train` prints last (a JSON object): the demo's
accuracy, or with --seconds N the benchmark's line. Used by hack/demo.sh and hack/bench-train.sh."""
import json
import sys


def metrics(output):
    """The metrics of the last line of a `neuralforge train` output."""
    return json.loads(output.strip().splitlines()[-1])["metrics"]


def accuracy(m):
    text = "validation accuracy %.4f" % m["validationAccuracy"]
    if "testAccuracy" in m:
        text += ", test accuracy %.4f" % m["testAccuracy"]
    return text + ", %d samples/s" % m["samplesPerSecond"]


def benchmark(m, seconds):
    return (f"LeNet-BN on Fashion-MNIST, {m['epochs']} epochs in {seconds} s on {m['devices']}: "
            f"{m['samplesPerSecond']} samples/s, test accuracy {m['testAccuracy']:.4f} "
            f"(best validation accuracy {m['validationAccuracy']:.4f} at epoch {m['bestEpoch']})")


if __name__ == "__main__":
    m = metrics(sys.stdin.read())
    if len(sys.argv) == 3 and sys.argv[1] == "--seconds":
        print(benchmark(m, sys.argv[2]))
    else:
        print(accuracy(m))
