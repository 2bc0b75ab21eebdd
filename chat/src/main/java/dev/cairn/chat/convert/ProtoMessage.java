package dev.cairn.chat.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A protobuf message under construction, written once with {@link #writeTo}: enough of the wire
 * format (varints, fixed32, length-delimited strings, bytes, float arrays and nested messages) to
 * write ONNX models without generated protobuf classes. Nested sizes are computed before writing,
 * so large float payloads are streamed, not copied. Not thread-safe.
 */
final class ProtoMessage {

  private sealed interface Field permits Varint, Fixed32, Bytes, Floats, Nested {}

  private record Varint(int number, long value) implements Field {}

  private record Fixed32(int number, int bits) implements Field {}

  private record Bytes(int number, byte[] value) implements Field {}

  private record Floats(int number, float[] value) implements Field {}

  private record Nested(int number, ProtoMessage value) implements Field {}

  private final List<Field> fields = new ArrayList<>();
  private long size = -1;

  ProtoMessage varint(int number, long value) {
    fields.add(new Varint(number, value));
    return this;
  }

  ProtoMessage fixed32(int number, float value) {
    fields.add(new Fixed32(number, Float.floatToRawIntBits(value)));
    return this;
  }

  ProtoMessage string(int number, String value) {
    fields.add(new Bytes(number, value.getBytes(StandardCharsets.UTF_8)));
    return this;
  }

  /** Floats as little-endian bytes in a length-delimited field (ONNX {@code raw_data}). */
  ProtoMessage rawFloats(int number, float[] value) {
    fields.add(new Floats(number, value));
    return this;
  }

  ProtoMessage message(int number, ProtoMessage value) {
    fields.add(new Nested(number, value));
    return this;
  }

  /** Encoded size in bytes. */
  long size() {
    if (size < 0) {
      long s = 0;
      for (Field f : fields) {
        s +=
            switch (f) {
              case Varint v -> tagSize(v.number()) + varintSize(v.value());
              case Fixed32 x -> tagSize(x.number()) + 4;
              case Bytes b -> delimited(b.number(), b.value().length);
              case Floats fl -> delimited(fl.number(), 4L * fl.value().length);
              case Nested n -> delimited(n.number(), n.value().size());
            };
      }
      size = s;
    }
    return size;
  }

  void writeTo(OutputStream out) throws IOException {
    for (Field f : fields) {
      switch (f) {
        case Varint v -> {
          writeVarint(out, (long) v.number() << 3);
          writeVarint(out, v.value());
        }
        case Fixed32 x -> {
          writeVarint(out, ((long) x.number() << 3) | 5);
          int b = x.bits();
          out.write(b);
          out.write(b >>> 8);
          out.write(b >>> 16);
          out.write(b >>> 24);
        }
        case Bytes b -> {
          writeVarint(out, ((long) b.number() << 3) | 2);
          writeVarint(out, b.value().length);
          out.write(b.value());
        }
        case Floats fl -> {
          writeVarint(out, ((long) fl.number() << 3) | 2);
          writeVarint(out, 4L * fl.value().length);
          ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : fl.value()) {
            if (!buf.hasRemaining()) {
              out.write(buf.array(), 0, buf.position());
              buf.clear();
            }
            buf.putFloat(v);
          }
          out.write(buf.array(), 0, buf.position());
        }
        case Nested n -> {
          writeVarint(out, ((long) n.number() << 3) | 2);
          writeVarint(out, n.value().size());
          n.value().writeTo(out);
        }
      }
    }
  }

  private static long delimited(int number, long length) {
    return tagSize(number) + varintSize(length) + length;
  }

  private static int tagSize(int number) {
    return varintSize((long) number << 3);
  }

  static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  static void writeVarint(OutputStream out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
