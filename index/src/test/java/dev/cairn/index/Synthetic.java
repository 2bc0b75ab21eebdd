package dev.cairn.index;

import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Seeded synthetic embeddings: clustered Gaussian vectors, normalised, each derived from its chunk
 * id alone, so an {@link EmbeddingSource} can recompute exactly what was indexed.
 */
final class Synthetic implements EmbeddingSource {
  private final int dims;
  private final int clusters;
  private final float spread;
  private final long seed;
  private final String modelId;
  private final float[][] centres;
  final AtomicLong embedded = new AtomicLong();
  final AtomicLong calls = new AtomicLong();

  Synthetic(int dims, int clusters, float spread, long seed) {
    this(dims, clusters, spread, seed, "synthetic-" + dims + "d-" + seed);
  }

  Synthetic(int dims, int clusters, float spread, long seed, String modelId) {
    this.dims = dims;
    this.clusters = clusters;
    this.spread = spread;
    this.seed = seed;
    this.modelId = modelId;
    this.centres = new float[clusters][];
    Random r = new Random(seed);
    for (int c = 0; c < clusters; c++) {
      float[] v = new float[dims];
      for (int i = 0; i < dims; i++) {
        v[i] = (float) r.nextGaussian();
      }
      centres[c] = normalise(v);
    }
  }

  static Synthetic standard(int dims) {
    return new Synthetic(dims, 40, 0.9f, 7);
  }

  float[] vector(long chunkId) {
    Random r = new Random(seed * 31 + chunkId * 0x9E3779B97F4A7C15L);
    float[] c = centres[(int) Math.floorMod(chunkId * 2654435761L, clusters)];
    float[] v = new float[dims];
    float scale = spread / (float) Math.sqrt(dims);
    for (int i = 0; i < dims; i++) {
      v[i] = c[i] + scale * (float) r.nextGaussian();
    }
    return normalise(v);
  }

  /** A query near the data: a chunk's vector with extra noise. */
  float[] query(long salt) {
    Random r = new Random(seed * 17 + salt);
    float[] base = vector(Math.floorMod(r.nextLong(), 1_000_000L));
    float scale = 0.6f / (float) Math.sqrt(dims);
    for (int i = 0; i < dims; i++) {
      base[i] += scale * (float) r.nextGaussian();
    }
    return normalise(base);
  }

  static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  Iterator<ChunkVector> vectors(long fromId, int count) {
    return LongStream.range(fromId, fromId + count)
        .mapToObj(id -> new ChunkVector(id, vector(id)))
        .iterator();
  }

  @Override
  public int dimensions() {
    return dims;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public float[][] embed(long[] chunkIds) {
    calls.incrementAndGet();
    embedded.addAndGet(chunkIds.length);
    float[][] out = new float[chunkIds.length][];
    for (int i = 0; i < chunkIds.length; i++) {
      out[i] = vector(chunkIds[i]);
    }
    return out;
  }
}
