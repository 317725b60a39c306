"""python -m neuralforge_serving --model_name NAME [--model_dir /mnt/models] [--http_port 8080]
[KServe's model server flags]: serves <model_dir>/<model_name>/1/model.onnx until SIGTERM. A model
that cannot be found or loaded ends the process with one line on stderr and exit code 1."""

import argparse
import os
import sys

from kserve import ModelServer, model_server

from . import http
from .locate import ModelFileMissing, locate_model
from .model import ModelLoadError, OnnxModel


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m neuralforge_serving",
        description="A KServe model server (v1 and the Open Inference Protocol v2) over ONNX Runtime.",
        parents=[model_server.parser],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--model_dir",
        default="/mnt/models",
        help="The model repository: <model_dir>/<model_name>/1/model.onnx (else 1/model.onnx, "
        "model.onnx, or the one */1/model.onnx there is).",
    )
    parser.add_argument(
        "--intra_op_threads",
        type=int,
        default=0,
        help="ONNX Runtime's threads per inference; 0: as many as the CPUs the container may use.",
    )
    # only the HTTP port is served unless asked: it is the one the serving runtime declares
    parser.set_defaults(enable_grpc=False)
    return parser.parse_args(argv)


def cpu_limit() -> int:
    """The CPUs this process may use: its affinity, bounded by a cgroup CPU quota (v2 or v1)."""
    count = len(os.sched_getaffinity(0))
    for quota_file, period_file in (
        ("/sys/fs/cgroup/cpu.max", None),
        ("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
    ):
        try:
            with open(quota_file) as f:
                fields = f.read().split()
            if period_file:
                with open(period_file) as f:
                    fields.append(f.read().strip())
            quota, period = int(fields[0]), int(fields[1])
        except (OSError, ValueError, IndexError):
            continue  # no such file, or "max": no quota
        if quota > 0 and period > 0:
            return max(1, min(count, quota // period))
    return count


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.workers != 1:
        print("neuralforge-serving: --workers must be 1 (ONNX Runtime computes with threads; "
              "run more replicas to serve more)", file=sys.stderr)
        return 1
    try:
        path = locate_model(args.model_dir, args.model_name)
        model = OnnxModel(args.model_name, path, args.intra_op_threads or cpu_limit())
        model.load()
    except (ModelFileMissing, ModelLoadError) as e:
        print(f"neuralforge-serving: {e}", file=sys.stderr)
        return 1
    http.install(model_server.app)
    server = ModelServer(
        http_port=args.http_port,
        grpc_port=args.grpc_port,
        workers=1,
        max_threads=args.max_threads,
        max_asyncio_workers=args.max_asyncio_workers,
        enable_grpc=args.enable_grpc,
        enable_docs_url=args.enable_docs_url,
        enable_latency_logging=args.enable_latency_logging,
        access_log_format=args.access_log_format,
        event_loop=args.event_loop,
        timeout_keep_alive=args.timeout_keep_alive,
        ssl_certfile=args.ssl_certfile,
        ssl_keyfile=args.ssl_keyfile,
    )
    from kserve.logging import logger  # configured by ModelServer

    logger.info("serving %s as model %s with %d ONNX Runtime threads", path, model.name, model.threads)
    server.start([model])
    return 0


if __name__ == "__main__":
    sys.exit(main())
