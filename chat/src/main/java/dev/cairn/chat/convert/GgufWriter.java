package dev.cairn.chat.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes GGUF v3 files (the llama.cpp model format): header, key/value metadata, tensor infos and
 * 32-byte-aligned tensor data. Tensors are given as fp32 values and stored as F32 or F16.
 *
 * <p>Not thread-safe; build one file per instance. {@link #write(Path)} is atomic (temp file and
 * rename).
 */
public final class GgufWriter {

  /** GGUF tensor storage types this writer can produce. */
  public enum TensorType {
    F32(0, 4),
    F16(1, 2);

    final int id;
    final int bytes;

    TensorType(int id, int bytes) {
      this.id = id;
      this.bytes = bytes;
    }
  }

  static final int ALIGNMENT = 32;
  private static final int T_UINT32 = 4;
  private static final int T_INT32 = 5;
  private static final int T_FLOAT32 = 6;
  private static final int T_BOOL = 7;
  private static final int T_STRING = 8;
  private static final int T_ARRAY = 9;

  private record Kv(String key, int type, Object value) {}

  private record TensorEntry(String name, long[] ne, TensorType type, float[] data) {}

  private final List<Kv> kvs = new ArrayList<>();
  private final List<TensorEntry> tensors = new ArrayList<>();

  public GgufWriter putString(String key, String value) {
    kvs.add(new Kv(key, T_STRING, value));
    return this;
  }

  public GgufWriter putUint32(String key, int value) {
    kvs.add(new Kv(key, T_UINT32, value));
    return this;
  }

  public GgufWriter putInt32(String key, int value) {
    kvs.add(new Kv(key, T_INT32, value));
    return this;
  }

  public GgufWriter putFloat32(String key, float value) {
    kvs.add(new Kv(key, T_FLOAT32, value));
    return this;
  }

  public GgufWriter putBool(String key, boolean value) {
    kvs.add(new Kv(key, T_BOOL, value));
    return this;
  }

  public GgufWriter putStringArray(String key, List<String> values) {
    kvs.add(new Kv(key, -T_STRING, List.copyOf(values)));
    return this;
  }

  public GgufWriter putInt32Array(String key, int[] values) {
    kvs.add(new Kv(key, -T_INT32, values.clone()));
    return this;
  }

  public GgufWriter putFloat32Array(String key, float[] values) {
    kvs.add(new Kv(key, -T_FLOAT32, values.clone()));
    return this;
  }

  /**
   * Adds a tensor.
   *
   * @param ne dimensions in GGUF order (innermost/contiguous first), e.g. {@code {in, out}} for a
   *     weight matrix stored row-major as {@code [out][in]}
   * @param data row-major values; its length must equal the product of {@code ne}
   */
  public GgufWriter addTensor(String name, long[] ne, TensorType type, float[] data) {
    long n = 1;
    for (long d : ne) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "tensor " + name + " has " + data.length + " values but its dims need " + n);
    }
    tensors.add(new TensorEntry(name, ne.clone(), type, data));
    return this;
  }

  /** Writes the file atomically (see {@link AtomicFile}). */
  public void write(Path file) throws IOException {
    AtomicFile.write(file, this::writeTo);
  }

  private void writeTo(OutputStream os) throws IOException {
    Out out = new Out(os);
    out.u32(0x46554747); // "GGUF"
    out.u32(3);
    out.u64(tensors.size());
    out.u64(kvs.size());
    for (Kv kv : kvs) {
      out.str(kv.key());
      writeValue(out, kv);
    }
    long offset = 0;
    for (TensorEntry t : tensors) {
      out.str(t.name());
      out.u32(t.ne().length);
      for (long d : t.ne()) {
        out.u64(d);
      }
      out.u32(t.type().id);
      out.u64(offset);
      offset = align(offset + (long) t.data().length * t.type().bytes);
    }
    out.pad();
    for (TensorEntry t : tensors) {
      out.tensor(t.data(), t.type());
      out.pad();
    }
  }

  private static long align(long v) {
    return (v + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }

  private static void writeValue(Out out, Kv kv) throws IOException {
    switch (kv.type()) {
      case T_STRING -> {
        out.u32(T_STRING);
        out.str((String) kv.value());
      }
      case T_UINT32, T_INT32 -> {
        out.u32(kv.type());
        out.u32((Integer) kv.value());
      }
      case T_FLOAT32 -> {
        out.u32(T_FLOAT32);
        out.u32(Float.floatToRawIntBits((Float) kv.value()));
      }
      case T_BOOL -> {
        out.u32(T_BOOL);
        out.u8((Boolean) kv.value() ? 1 : 0);
      }
      case -T_STRING -> {
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) kv.value();
        out.u32(T_ARRAY);
        out.u32(T_STRING);
        out.u64(list.size());
        for (String s : list) {
          out.str(s);
        }
      }
      case -T_INT32 -> {
        int[] a = (int[]) kv.value();
        out.u32(T_ARRAY);
        out.u32(T_INT32);
        out.u64(a.length);
        for (int v : a) {
          out.u32(v);
        }
      }
      case -T_FLOAT32 -> {
        float[] a = (float[]) kv.value();
        out.u32(T_ARRAY);
        out.u32(T_FLOAT32);
        out.u64(a.length);
        for (float v : a) {
          out.u32(Float.floatToRawIntBits(v));
        }
      }
      default -> throw new IllegalStateException("unknown kv type " + kv.type());
    }
  }

  /** Little-endian output that tracks its position for alignment padding. */
  private static final class Out {
    private final OutputStream os;
    private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private long pos;

    Out(OutputStream os) {
      this.os = os;
    }

    void u8(int v) throws IOException {
      os.write(v);
      pos++;
    }

    void u32(int v) throws IOException {
      scratch.clear();
      scratch.putInt(v);
      os.write(scratch.array(), 0, 4);
      pos += 4;
    }

    void u64(long v) throws IOException {
      scratch.clear();
      scratch.putLong(v);
      os.write(scratch.array(), 0, 8);
      pos += 8;
    }

    void str(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u64(b.length);
      os.write(b);
      pos += b.length;
    }

    void pad() throws IOException {
      while (pos % ALIGNMENT != 0) {
        u8(0);
      }
    }

    void tensor(float[] data, TensorType type) throws IOException {
      ByteBuffer bb = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : data) {
        if (bb.remaining() < 4) {
          os.write(bb.array(), 0, bb.position());
          bb.clear();
        }
        if (type == TensorType.F32) {
          bb.putFloat(f);
        } else {
          bb.putShort(Float.floatToFloat16(f));
        }
      }
      os.write(bb.array(), 0, bb.position());
      pos += (long) data.length * type.bytes;
    }
  }
}
