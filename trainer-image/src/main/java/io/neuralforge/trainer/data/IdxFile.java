package io.neuralforge.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of (Fashion-)MNIST: a magic number whose third byte is the element type (0x08 =
 * unsigned byte) and fourth the number of dimensions, the dimensions as big-endian ints, then the
 * data. Gzipped files are read as they are.
 */
public record IdxFile(int[] dims, byte[] data) {
  private static final int UNSIGNED_BYTE = 0x08;

  public static IdxFile read(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      try (DataInputStream in =
          new DataInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw)) {
        int magic = in.readInt();
        if ((magic >>> 16) != 0 || ((magic >> 8) & 0xff) != UNSIGNED_BYTE) {
          throw new IOException(
              file
                  + ": not an IDX file of unsigned bytes (magic 0x"
                  + Integer.toHexString(magic)
                  + ")");
        }
        int[] dims = new int[magic & 0xff];
        long size = 1;
        for (int i = 0; i < dims.length; i++) {
          dims[i] = in.readInt();
          size *= dims[i];
        }
        if (size > Integer.MAX_VALUE - 8 || size < 0) {
          throw new IOException(file + ": IDX dimensions too large");
        }
        byte[] data = new byte[(int) size];
        in.readFully(data);
        return new IdxFile(dims, data);
      }
    }
  }

  /** Element {@code i} as the unsigned value it stores. */
  public int unsigned(int i) {
    return data[i] & 0xff;
  }
}
