"""Writes one picture of Fashion-MNIST's test set as a PNG, the way a user would photograph one, and
prints its true label. Used by make demo to ask the served model about it.

    dataset_picture.py DATASETS_DIR INDEX OUT.png
"""
import gzip
import struct
import sys
import zlib

# Fashion-MNIST's labels 0-9, as its README names them
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def read_test_sample(folder, index):
    """(rows, columns, pixels, label) of test image `index`: IDX files, big-endian headers."""
    with gzip.open(folder + "/t10k-images-idx3-ubyte.gz") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051 or not 0 <= index < count:
            raise ValueError("no test image %d (of %d)" % (index, count))
        f.seek(16 + index * rows * cols)
        pixels = f.read(rows * cols)
    with gzip.open(folder + "/t10k-labels-idx1-ubyte.gz") as f:
        f.seek(8 + index)
        label = f.read(1)[0]
    return rows, cols, pixels, label


def png(width, height, gray):
    """An 8-bit grayscale PNG of `gray` (row-major bytes)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + gray[r * width:(r + 1) * width] for r in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    rows, cols, pixels, label = read_test_sample(argv[1] + "/fashion-mnist", int(argv[2]))
    with open(argv[3], "wb") as f:
        f.write(png(cols, rows, pixels))
    print(CLASSES[label])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
