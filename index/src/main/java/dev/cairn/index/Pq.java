package dev.cairn.index;

import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.quantization.ProductQuantization;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Product quantization with 4- or 8-bit codes. The codebook is trained by jvector's {@link
 * ProductQuantization} (k-means per subspace, globally centred) and then rounded to fp16, the
 * precision it is stored in; encoding and asymmetric scoring are done here against that stored
 * codebook, so a codebook read back from disk scores exactly like the one just trained.
 *
 * <p>Approximate similarity of a query q to a code: {@code q·centroid + Σ_s q_s·codebook_s[code_s]}
 * (dot product, which is cosine for normalised vectors). Immutable and thread-safe.
 */
final class Pq {
  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private final int dims;
  private final int subspaces;
  private final int bits;
  private final int clusters;
  private final int[] subOffset; // subspaces + 1
  private final float[] centroid; // dims
  private final short[] codebookFp16; // per subspace, clusters × subSize, concatenated
  private final float[] codebook; // decoded, same layout
  private final int[] codebookOffset; // subspaces

  private Pq(int dims, int bits, int[] subOffset, float[] centroid, short[] codebookFp16) {
    this.dims = dims;
    this.subspaces = subOffset.length - 1;
    this.bits = bits;
    this.clusters = 1 << bits;
    this.subOffset = subOffset;
    this.centroid = centroid;
    this.codebookFp16 = codebookFp16;
    this.codebook = VectorMath.fromFp16(codebookFp16);
    this.codebookOffset = new int[subspaces];
    for (int s = 0; s < subspaces; s++) {
      codebookOffset[s] = subOffset[s] * clusters;
    }
  }

  /**
   * Trains a codebook on the given vectors.
   *
   * @throws IllegalArgumentException if there are fewer vectors than centroids
   */
  static Pq train(List<float[]> vectors, int dims, int subspaces, int bits) {
    int clusters = 1 << bits;
    if (vectors.size() < clusters) {
      throw new IllegalArgumentException(
          "PQ training needs at least " + clusters + " vectors, got " + vectors.size());
    }
    if (subspaces > dims) {
      throw new IllegalArgumentException(
          "pqSubspaces " + subspaces + " exceeds the " + dims + " dimensions");
    }
    List<VectorFloat<?>> list = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      list.add(VTS.createFloatVector(v));
    }
    ProductQuantization pq =
        ProductQuantization.compute(
            new ListRandomAccessVectorValues(list, dims), subspaces, clusters, true);
    int[] offsets = new int[subspaces + 1];
    for (int s = 0; s < subspaces; s++) {
      offsets[s + 1] = offsets[s] + pq.getSubvectorSize(s);
    }
    if (offsets[subspaces] != dims) {
      throw new IllegalStateException(
          "PQ subspaces cover " + offsets[subspaces] + " of " + dims + " dimensions");
    }
    float[] centroid = new float[dims];
    VectorFloat<?> c = pq.getGlobalCentroid();
    if (c != null) {
      for (int i = 0; i < dims; i++) {
        centroid[i] = c.get(i);
      }
    }
    short[] cb = new short[dims * clusters];
    for (int s = 0; s < subspaces; s++) {
      VectorFloat<?> book = pq.getCodebookVector(s);
      int size = offsets[s + 1] - offsets[s];
      int base = offsets[s] * clusters;
      for (int i = 0; i < clusters * size; i++) {
        cb[base + i] = Float.floatToFloat16(book.get(i));
      }
    }
    return new Pq(dims, bits, offsets, centroid, cb);
  }

  int dims() {
    return dims;
  }

  int subspaces() {
    return subspaces;
  }

  int bits() {
    return bits;
  }

  /** Code bytes per vector. */
  int codeBytes() {
    return bits == 8 ? subspaces : (subspaces + 1) / 2;
  }

  /** Encodes v into out[off, off + codeBytes). */
  void encode(float[] v, byte[] out, int off) {
    java.util.Arrays.fill(out, off, off + codeBytes(), (byte) 0);
    for (int s = 0; s < subspaces; s++) {
      int from = subOffset[s];
      int size = subOffset[s + 1] - from;
      int base = codebookOffset[s];
      int best = 0;
      float bestDist = Float.POSITIVE_INFINITY;
      for (int c = 0; c < clusters; c++) {
        float d = 0;
        int cbase = base + c * size;
        for (int i = 0; i < size; i++) {
          float diff = v[from + i] - centroid[from + i] - codebook[cbase + i];
          d += diff * diff;
        }
        if (d < bestDist) {
          bestDist = d;
          best = c;
        }
      }
      if (bits == 8) {
        out[off + s] = (byte) best;
      } else {
        int idx = off + (s >> 1);
        out[idx] = (byte) (out[idx] | (s % 2 == 0 ? best : best << 4));
      }
    }
  }

  byte[] encode(float[] v) {
    byte[] out = new byte[codeBytes()];
    encode(v, out, 0);
    return out;
  }

  /** Reconstructs the approximate vector of a code stored at seg[offset]. */
  float[] decode(MemorySegment seg, long offset) {
    float[] out = centroid.clone();
    for (int s = 0; s < subspaces; s++) {
      int code = code(seg, offset, s);
      int from = subOffset[s];
      int size = subOffset[s + 1] - from;
      int cbase = codebookOffset[s] + code * size;
      for (int i = 0; i < size; i++) {
        out[from + i] += codebook[cbase + i];
      }
    }
    return out;
  }

  private int code(MemorySegment seg, long offset, int s) {
    if (bits == 8) {
      return seg.get(ValueLayout.JAVA_BYTE, offset + s) & 0xFF;
    }
    int b = seg.get(ValueLayout.JAVA_BYTE, offset + (s >> 1)) & 0xFF;
    return (s & 1) == 0 ? b & 0x0F : b >>> 4;
  }

  /** A per-query lookup table for asymmetric scoring. */
  Table table(float[] q) {
    float[] t = new float[subspaces * clusters];
    for (int s = 0; s < subspaces; s++) {
      int from = subOffset[s];
      int size = subOffset[s + 1] - from;
      int base = codebookOffset[s];
      for (int c = 0; c < clusters; c++) {
        t[s * clusters + c] = VectorMath.dot(q, from, codebook, base + c * size, size);
      }
    }
    return new Table(t, VectorMath.dot(q, centroid));
  }

  /** Lookup table of one query; scores codes without decoding them. Thread-confined. */
  final class Table {
    private final float[] t;
    private final float constant;

    private Table(float[] t, float constant) {
      this.t = t;
      this.constant = constant;
    }

    float score(MemorySegment codes, long offset) {
      float sum = constant;
      if (bits == 8) {
        for (int s = 0; s < subspaces; s++) {
          sum += t[(s << 8) + (codes.get(ValueLayout.JAVA_BYTE, offset + s) & 0xFF)];
        }
      } else {
        int pairs = subspaces >> 1;
        for (int j = 0; j < pairs; j++) {
          int b = codes.get(ValueLayout.JAVA_BYTE, offset + j) & 0xFF;
          sum += t[(j << 5) + (b & 0x0F)] + t[(j << 5) + 16 + (b >>> 4)];
        }
        if ((subspaces & 1) == 1) {
          int b = codes.get(ValueLayout.JAVA_BYTE, offset + pairs) & 0xFF;
          sum += t[((subspaces - 1) << 4) + (b & 0x0F)];
        }
      }
      return sum;
    }
  }

  /** Bytes the codebook takes in the file. */
  int codebookBytes() {
    return toBytes().length;
  }

  byte[] toBytes() {
    ByteSink out = new ByteSink(codebookFp16.length * 2 + dims * 4 + 64);
    out.i32(dims).i32(bits).i32(subspaces);
    for (int s = 0; s <= subspaces; s++) {
      out.i32(subOffset[s]);
    }
    for (float c : centroid) {
      out.f32(c);
    }
    for (short v : codebookFp16) {
      out.i16(v);
    }
    return out.toByteArray();
  }

  /**
   * Reads a codebook written by {@link #toBytes()}.
   *
   * @throws IllegalStateException if the bytes are not a consistent codebook
   */
  static Pq read(ByteSource in) {
    int dims = in.i32();
    int bits = in.i32();
    int subspaces = in.i32();
    if (dims <= 0 || (bits != 4 && bits != 8) || subspaces <= 0 || subspaces > dims) {
      throw new IllegalStateException(
          "bad codebook shape dims=" + dims + " bits=" + bits + " subspaces=" + subspaces);
    }
    int[] offsets = new int[subspaces + 1];
    for (int s = 0; s <= subspaces; s++) {
      offsets[s] = in.i32();
      if (s > 0 && offsets[s] <= offsets[s - 1]) {
        throw new IllegalStateException("subspace offsets not increasing at " + s);
      }
    }
    if (offsets[0] != 0 || offsets[subspaces] != dims) {
      throw new IllegalStateException("subspace offsets do not cover " + dims + " dimensions");
    }
    float[] centroid = new float[dims];
    for (int i = 0; i < dims; i++) {
      centroid[i] = in.f32();
    }
    short[] cb = new short[dims << bits];
    for (int i = 0; i < cb.length; i++) {
      cb[i] = in.i16();
    }
    return new Pq(dims, bits, offsets, centroid, cb);
  }
}
