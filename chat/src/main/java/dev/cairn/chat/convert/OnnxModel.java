package dev.cairn.chat.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model file that the GGUF converter needs: the graph's initializers (weight
 * tensors) and nodes (to learn which weight feeds which layer). Read with a small hand-rolled
 * protobuf decoder over a memory-mapped file, so no generated protobuf classes are needed.
 *
 * <p>Supports tensors stored inline as {@code raw_data}, {@code float_data} or {@code int64_data};
 * models with external data files are refused with {@link ConversionException}.
 */
public final class OnnxModel {

  /** ONNX TensorProto data types used here. */
  static final int FLOAT = 1;

  static final int INT64 = 7;
  static final int INT32 = 6;

  /** A weight tensor: name, dims (ONNX order, outermost first) and its float values. */
  public record Tensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
    /** Number of elements. */
    public long size() {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      return n;
    }
  }

  /** A graph node: its name, operator type, inputs, outputs and attributes (float/int/ints). */
  public record Node(
      String name,
      String opType,
      List<String> inputs,
      List<String> outputs,
      Map<String, Object> attributes) {}

  private final Path file;
  private final Map<String, Tensor> initializers;
  private final List<Node> nodes;

  private OnnxModel(Path file, Map<String, Tensor> initializers, List<Node> nodes) {
    this.file = file;
    this.initializers = initializers;
    this.nodes = nodes;
  }

  /**
   * Reads an ONNX file.
   *
   * @throws ConversionException when the file is missing, is not an ONNX protobuf, or uses external
   *     data
   */
  public static OnnxModel read(Path file) throws ConversionException {
    if (!Files.isRegularFile(file)) {
      throw new ConversionException("ONNX file not found: " + file);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new ConversionException("ONNX file too large (" + size + " bytes): " + file);
      }
      ByteBuffer buf =
          ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
      Reader r = new Reader(buf, 0, (int) size, file);
      Map<String, Tensor> inits = new LinkedHashMap<>();
      List<Node> nodes = new ArrayList<>();
      boolean sawGraph = false;
      while (r.hasMore()) {
        int tag = r.varint32();
        int field = tag >>> 3;
        if (field == 7 && (tag & 7) == 2) {
          sawGraph = true;
          readGraph(r.sub(), inits, nodes, file);
        } else {
          r.skip(tag);
        }
      }
      if (!sawGraph) {
        throw new ConversionException("not an ONNX model (no graph found): " + file);
      }
      return new OnnxModel(file, Collections.unmodifiableMap(inits), List.copyOf(nodes));
    } catch (IOException e) {
      throw new ConversionException("cannot read ONNX file " + file + ": " + e.getMessage(), e);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new ConversionException(
          "corrupt ONNX file " + file + " (protobuf decoding failed: " + e + ")", e);
    }
  }

  private static void readGraph(Reader r, Map<String, Tensor> inits, List<Node> nodes, Path file)
      throws ConversionException {
    while (r.hasMore()) {
      int tag = r.varint32();
      int field = tag >>> 3;
      if (field == 1 && (tag & 7) == 2) {
        nodes.add(readNode(r.sub()));
      } else if (field == 5 && (tag & 7) == 2) {
        Tensor t = readTensor(r.sub(), file);
        inits.put(t.name(), t);
      } else {
        r.skip(tag);
      }
    }
  }

  private static Node readNode(Reader r) throws ConversionException {
    String name = "";
    String op = "";
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    Map<String, Object> attrs = new LinkedHashMap<>();
    while (r.hasMore()) {
      int tag = r.varint32();
      switch (tag >>> 3) {
        case 1 -> in.add(r.string());
        case 2 -> out.add(r.string());
        case 3 -> name = r.string();
        case 4 -> op = r.string();
        case 5 -> readAttribute(r.sub(), attrs);
        default -> r.skip(tag);
      }
    }
    return new Node(name, op, List.copyOf(in), List.copyOf(out), attrs);
  }

  private static void readAttribute(Reader r, Map<String, Object> attrs)
      throws ConversionException {
    String name = "";
    Object value = null;
    List<Long> ints = new ArrayList<>();
    while (r.hasMore()) {
      int tag = r.varint32();
      switch (tag >>> 3) {
        case 1 -> name = r.string();
        case 2 -> value = r.fixed32Float();
        case 3 -> value = r.varint64();
        case 5 -> value = readTensor(r.sub(), Path.of("<attribute>"));
        case 8 -> {
          if ((tag & 7) == 2) {
            Reader p = r.sub();
            while (p.hasMore()) {
              ints.add(p.varint64());
            }
          } else {
            ints.add(r.varint64());
          }
        }
        default -> r.skip(tag);
      }
    }
    if (value == null && !ints.isEmpty()) {
      value = List.copyOf(ints);
    }
    if (value != null) {
      attrs.put(name, value);
    }
  }

  private static Tensor readTensor(Reader r, Path file) throws ConversionException {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    ByteBuffer raw = null;
    List<Float> floatData = new ArrayList<>();
    List<Long> longData = new ArrayList<>();
    boolean external = false;
    while (r.hasMore()) {
      int tag = r.varint32();
      int field = tag >>> 3;
      int wire = tag & 7;
      switch (field) {
        case 1 -> {
          if (wire == 2) {
            Reader p = r.sub();
            while (p.hasMore()) {
              dims.add(p.varint64());
            }
          } else {
            dims.add(r.varint64());
          }
        }
        case 2 -> type = r.varint32();
        case 4 -> {
          if (wire == 2) {
            Reader p = r.sub();
            while (p.hasMore()) {
              floatData.add(p.fixed32Float());
            }
          } else {
            floatData.add(r.fixed32Float());
          }
        }
        case 7 -> {
          if (wire == 2) {
            Reader p = r.sub();
            while (p.hasMore()) {
              longData.add(p.varint64());
            }
          } else {
            longData.add(r.varint64());
          }
        }
        case 8 -> name = r.string();
        case 9 -> raw = r.bytes();
        case 13 -> {
          external = true;
          r.skip(tag);
        }
        case 14 -> external |= r.varint32() == 1;
        default -> r.skip(tag);
      }
    }
    if (external) {
      throw new ConversionException(
          "ONNX tensor '" + name + "' uses external data, which is not supported: " + file);
    }
    long[] d = dims.stream().mapToLong(Long::longValue).toArray();
    float[] floats = null;
    long[] longs = null;
    if (type == FLOAT) {
      if (raw != null) {
        floats = new float[raw.remaining() / 4];
        raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
      } else {
        floats = new float[floatData.size()];
        for (int i = 0; i < floats.length; i++) {
          floats[i] = floatData.get(i);
        }
      }
    } else if (type == INT64) {
      if (raw != null) {
        longs = new long[raw.remaining() / 8];
        raw.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(longs);
      } else {
        longs = longData.stream().mapToLong(Long::longValue).toArray();
      }
    }
    Tensor t = new Tensor(name, d, type, floats, longs);
    if (floats != null && floats.length != t.size()) {
      throw new ConversionException(
          "ONNX tensor '"
              + name
              + "' has "
              + floats.length
              + " values but its dims "
              + java.util.Arrays.toString(d)
              + " need "
              + t.size()
              + ": "
              + file);
    }
    return t;
  }

  /** The file this model was read from. */
  public Path file() {
    return file;
  }

  /** Weight tensors by name, in file order. */
  public Map<String, Tensor> initializers() {
    return initializers;
  }

  /** Graph nodes in file order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Minimal protobuf wire-format reader over a slice of a buffer. */
  private static final class Reader {
    private final ByteBuffer buf;
    private int pos;
    private final int end;
    private final Path file;

    Reader(ByteBuffer buf, int start, int end, Path file) {
      this.buf = buf;
      this.pos = start;
      this.end = end;
      this.file = file;
    }

    boolean hasMore() {
      return pos < end;
    }

    long varint64() {
      long result = 0;
      int shift = 0;
      while (true) {
        if (pos >= end) {
          throw new IllegalArgumentException("truncated varint in " + file);
        }
        byte b = buf.get(pos++);
        result |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
        shift += 7;
        if (shift > 63) {
          throw new IllegalArgumentException("malformed varint in " + file);
        }
      }
    }

    int varint32() {
      return (int) varint64();
    }

    float fixed32Float() {
      float f = buf.getFloat(pos);
      pos += 4;
      return f;
    }

    int length() {
      int len = varint32();
      if (len < 0 || pos + len > end) {
        throw new IllegalArgumentException(
            "length " + len + " at offset " + pos + " runs past the end " + end);
      }
      return len;
    }

    Reader sub() {
      int len = length();
      Reader r = new Reader(buf, pos, pos + len, file);
      pos += len;
      return r;
    }

    ByteBuffer bytes() {
      int len = length();
      ByteBuffer b = buf.slice(pos, len).order(ByteOrder.LITTLE_ENDIAN);
      pos += len;
      return b;
    }

    String string() {
      int len = length();
      byte[] b = new byte[len];
      buf.get(pos, b);
      pos += len;
      return new String(b, StandardCharsets.UTF_8);
    }

    void skip(int tag) {
      switch (tag & 7) {
        case 0 -> varint64();
        case 1 -> pos += 8;
        case 2 -> {
          int len = length();
          pos += len;
        }
        case 5 -> pos += 4;
        default ->
            throw new IllegalArgumentException(
                "unsupported protobuf wire type " + (tag & 7) + " at offset " + pos);
      }
      if (pos > end) {
        throw new IllegalArgumentException("field runs past the end of its message");
      }
    }
  }
}
