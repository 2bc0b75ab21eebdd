package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A little-endian cursor over a segment, for reading file sections. Not thread-safe. */
final class ByteSource {
  private static final ValueLayout.OfInt INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final MemorySegment seg;
  private long pos;

  ByteSource(MemorySegment seg) {
    this.seg = seg;
  }

  int u8() {
    return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
  }

  short i16() {
    short v = seg.get(SHORT, pos);
    pos += 2;
    return v;
  }

  int i32() {
    int v = seg.get(INT, pos);
    pos += 4;
    return v;
  }

  long i64() {
    long v = seg.get(LONG, pos);
    pos += 8;
    return v;
  }

  float f32() {
    return Float.intBitsToFloat(i32());
  }

  double f64() {
    return Double.longBitsToDouble(i64());
  }

  long varint() {
    Varint.Reader r = new Varint.Reader(seg, pos);
    long v = r.next();
    pos = r.position();
    return v;
  }

  int varintInt() {
    long v = varint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalStateException("value " + v + " out of int range");
    }
    return (int) v;
  }

  String string() {
    int len = varintInt();
    if (len > seg.byteSize() - pos) {
      throw new IllegalStateException("string of " + len + " bytes runs past the section");
    }
    byte[] b = new byte[len];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, len);
    pos += len;
    return new String(b, StandardCharsets.UTF_8);
  }

  long position() {
    return pos;
  }

  long remaining() {
    return seg.byteSize() - pos;
  }

  static int readInt(MemorySegment seg, long offset) {
    return seg.get(INT, offset);
  }

  static long readLong(MemorySegment seg, long offset) {
    return seg.get(LONG, offset);
  }
}
