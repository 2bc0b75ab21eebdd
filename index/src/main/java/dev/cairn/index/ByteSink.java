package dev.cairn.index;

import java.nio.charset.StandardCharsets;

/** A growable little-endian byte buffer for writing file sections. Not thread-safe. */
final class ByteSink {
  private byte[] buf;
  private int size;

  ByteSink() {
    this(256);
  }

  ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  ByteSink u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  ByteSink i16(int v) {
    ensure(2);
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    return this;
  }

  ByteSink i32(int v) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  ByteSink i64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
    return this;
  }

  ByteSink f32(float v) {
    return i32(Float.floatToRawIntBits(v));
  }

  ByteSink f64(double v) {
    return i64(Double.doubleToRawLongBits(v));
  }

  ByteSink varint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  ByteSink string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    return bytes(b, 0, b.length);
  }

  ByteSink bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return java.util.Arrays.copyOf(buf, size);
  }
}
