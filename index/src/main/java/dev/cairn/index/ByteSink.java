package dev.cairn.index;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A growable little-endian byte buffer for writing file sections. Not thread-safe. */
final class ByteSink {
  private final ByteArrayOutputStream out;

  ByteSink() {
    this(256);
  }

  ByteSink(int capacity) {
    out = new ByteArrayOutputStream(capacity);
  }

  ByteSink u8(int v) {
    out.write(v & 0xFF);
    return this;
  }

  ByteSink i16(int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
    return this;
  }

  ByteSink i32(int v) {
    for (int i = 0; i < 4; i++) {
      out.write((v >>> (8 * i)) & 0xFF);
    }
    return this;
  }

  ByteSink i64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) ((v >>> (8 * i)) & 0xFF));
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
    Varint.write(out, v);
    return this;
  }

  ByteSink string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  ByteSink bytes(byte[] b, int off, int len) {
    out.write(b, off, len);
    return this;
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
