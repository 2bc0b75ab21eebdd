package dev.cairn.index;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Dot products (SIMD through the Vector API) and fp16 conversion. Stateless, thread-safe. */
final class VectorMath {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private VectorMath() {}

  static float dot(float[] a, float[] b) {
    return dot(a, 0, b, 0, a.length);
  }

  /** Dot product of a[aOff, aOff+len) and b[bOff, bOff+len). */
  static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
    int i = 0;
    int upper = SPECIES.loopBound(len);
    FloatVector acc = FloatVector.zero(SPECIES);
    for (; i < upper; i += SPECIES.length()) {
      FloatVector va = FloatVector.fromArray(SPECIES, a, aOff + i);
      FloatVector vb = FloatVector.fromArray(SPECIES, b, bOff + i);
      acc = va.fma(vb, acc);
    }
    float sum = acc.reduceLanes(VectorOperators.ADD);
    for (; i < len; i++) {
      sum += a[aOff + i] * b[bOff + i];
    }
    return sum;
  }

  static short[] toFp16(float[] v) {
    short[] out = new short[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.floatToFloat16(v[i]);
    }
    return out;
  }

  static float[] fromFp16(short[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Float.float16ToFloat(v[i]);
    }
    return out;
  }

  static float norm(float[] v) {
    return (float) Math.sqrt(dot(v, v));
  }

  /**
   * Checks the vector has the expected dimensions and finite values.
   *
   * @throws IllegalArgumentException with both dimension counts
   */
  static void checkDims(String what, float[] v, int dims) {
    if (v.length != dims) {
      throw new IllegalArgumentException(
          what + " has " + v.length + " dimensions, index has " + dims);
    }
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(what + " contains a non-finite value " + x);
      }
    }
  }
}
