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
 * The header of a GGUF file: version, metadata and tensor table. Reading it validates the structure
 * (magic, version, string and array lengths, tensor data inside the file), so a truncated or
 * corrupt file is refused with a {@link ConversionException} that names the file before any native
 * loader sees it. Large arrays (the vocabulary) are summarised by their length.
 */
public record GgufInfo(
    Path file,
    int version,
    Map<String, Object> metadata,
    Map<String, Integer> arrayLengths,
    List<String> tensorNames,
    long fileSize) {

  private static final int MAX_KEEP_ARRAY = 16;

  /** {@code general.architecture}, or "" when absent. */
  public String architecture() {
    return stringValue("general.architecture");
  }

  /** {@code general.name}, or "" when absent. */
  public String name() {
    return stringValue("general.name");
  }

  /** {@code tokenizer.chat_template}, or "" when absent. */
  public String chatTemplate() {
    return stringValue("tokenizer.chat_template");
  }

  /** A string metadata value, or "" when absent or not a string. */
  public String stringValue(String key) {
    return metadata.get(key) instanceof String s ? s : "";
  }

  /** A numeric metadata value as long, or {@code fallback}. */
  public long longValue(String key, long fallback) {
    return metadata.get(key) instanceof Number n ? n.longValue() : fallback;
  }

  /**
   * Reads and validates the header of a GGUF file.
   *
   * @throws ConversionException naming the file when it is missing, not GGUF, truncated or corrupt
   */
  public static GgufInfo read(Path file) throws ConversionException {
    if (!Files.isRegularFile(file)) {
      throw new ConversionException("GGUF file not found: " + file);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 24) {
        throw new ConversionException(
            "not a GGUF file (only " + size + " bytes, header needs 24): " + file);
      }
      ByteBuffer buf =
          ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(size, Integer.MAX_VALUE))
              .order(ByteOrder.LITTLE_ENDIAN);
      int magic = buf.getInt();
      if (magic != 0x46554747) {
        throw new ConversionException(
            "not a GGUF file (magic 0x" + Integer.toHexString(magic) + "): " + file);
      }
      int version = buf.getInt();
      if (version < 2 || version > 3) {
        throw new ConversionException("unsupported GGUF version " + version + ": " + file);
      }
      long nTensors = buf.getLong();
      long nKv = buf.getLong();
      if (nTensors < 0 || nTensors > 1_000_000 || nKv < 0 || nKv > 1_000_000) {
        throw new ConversionException(
            "corrupt GGUF header (" + nTensors + " tensors, " + nKv + " keys): " + file);
      }
      Map<String, Object> meta = new LinkedHashMap<>();
      Map<String, Integer> arrays = new LinkedHashMap<>();
      for (long i = 0; i < nKv; i++) {
        String key = str(buf);
        int type = buf.getInt();
        if (type == 9) {
          int elemType = buf.getInt();
          long n = buf.getLong();
          if (n < 0 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("array length " + n + " for " + key);
          }
          arrays.put(key, (int) n);
          List<Object> kept = new ArrayList<>();
          for (long j = 0; j < n; j++) {
            Object v = value(buf, elemType);
            if (j < MAX_KEEP_ARRAY) {
              kept.add(v);
            }
          }
          meta.put(key, Collections.unmodifiableList(kept));
        } else {
          meta.put(key, value(buf, type));
        }
      }
      long alignment = meta.get("general.alignment") instanceof Number n ? n.longValue() : 32;
      List<String> names = new ArrayList<>();
      long maxEnd = 0;
      for (long i = 0; i < nTensors; i++) {
        String name = str(buf);
        int nDims = buf.getInt();
        if (nDims < 1 || nDims > 4) {
          throw new IllegalArgumentException("tensor " + name + " has " + nDims + " dims");
        }
        long elems = 1;
        for (int d = 0; d < nDims; d++) {
          long ne = buf.getLong();
          if (ne < 0) {
            throw new IllegalArgumentException("tensor " + name + " has a negative dim");
          }
          elems *= ne;
        }
        int type = buf.getInt();
        long offset = buf.getLong();
        long bytes = tensorBytes(type, elems);
        maxEnd = Math.max(maxEnd, offset + bytes);
        names.add(name);
      }
      long dataStart = (buf.position() + alignment - 1) / alignment * alignment;
      if (bytesKnown(maxEnd) && dataStart + maxEnd > size) {
        throw new ConversionException(
            "truncated GGUF file (tensor data needs "
                + (dataStart + maxEnd)
                + " bytes, file has "
                + size
                + "): "
                + file);
      }
      return new GgufInfo(
          file,
          version,
          Collections.unmodifiableMap(meta),
          Collections.unmodifiableMap(arrays),
          List.copyOf(names),
          size);
    } catch (IOException e) {
      throw new ConversionException("cannot read GGUF file " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ConversionException("corrupt GGUF file " + file + " (" + e + ")", e);
    }
  }

  private static boolean bytesKnown(long v) {
    return v >= 0;
  }

  /** Bytes of a tensor for the common types; -huge (unknown) makes the bound check skip. */
  private static long tensorBytes(int type, long elems) {
    return switch (type) {
      case 0 -> elems * 4; // F32
      case 1, 30 -> elems * 2; // F16, BF16
      case 8 -> elems / 32 * 34; // Q8_0
      case 2 -> elems / 32 * 18; // Q4_0
      case 3 -> elems / 32 * 20; // Q4_1
      default -> Long.MIN_VALUE / 4;
    };
  }

  private static String str(ByteBuffer buf) {
    long len = buf.getLong();
    if (len < 0 || len > buf.remaining()) {
      throw new IllegalArgumentException("string length " + len + " at " + buf.position());
    }
    byte[] b = new byte[(int) len];
    buf.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static Object value(ByteBuffer buf, int type) {
    return switch (type) {
      case 0 -> Byte.toUnsignedInt(buf.get());
      case 1 -> (int) buf.get();
      case 2 -> Short.toUnsignedInt(buf.getShort());
      case 3 -> (int) buf.getShort();
      case 4 -> Integer.toUnsignedLong(buf.getInt());
      case 5 -> buf.getInt();
      case 6 -> buf.getFloat();
      case 7 -> buf.get() != 0;
      case 8 -> str(buf);
      case 10, 11 -> buf.getLong();
      case 12 -> buf.getDouble();
      default -> throw new IllegalArgumentException("unknown GGUF value type " + type);
    };
  }
}
