package dev.cairn.index;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** LEB128 unsigned varints and zigzag, over byte streams and memory segments. */
final class Varint {
  private Varint() {}

  static void write(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  static int size(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      n++;
      value >>>= 7;
    }
    return n;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** A cursor reading varints from a segment; throws IndexOutOfBoundsException past the end. */
  static final class Reader {
    private final MemorySegment seg;
    private long pos;

    Reader(MemorySegment seg, long pos) {
      this.seg = seg;
      this.pos = pos;
    }

    long next() {
      long result = 0;
      int shift = 0;
      while (true) {
        byte b = seg.get(ValueLayout.JAVA_BYTE, pos++);
        result |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
        shift += 7;
        if (shift > 63) {
          throw new IllegalStateException("varint longer than 10 bytes at " + (pos - 1));
        }
      }
    }

    int nextInt() {
      long v = next();
      if (v > Integer.MAX_VALUE) {
        throw new IllegalStateException("varint " + v + " does not fit an int");
      }
      return (int) v;
    }

    long position() {
      return pos;
    }
  }
}
