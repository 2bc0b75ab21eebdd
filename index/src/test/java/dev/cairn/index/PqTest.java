package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PqTest {
  @Test
  void approximateScoresTrackExactDotProducts() {
    for (int bits : new int[] {4, 8}) {
      Synthetic src = Synthetic.standard(64);
      List<float[]> data = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        data.add(src.vector(i));
      }
      Pq pq = Pq.train(data, 64, 32, bits);
      byte[] codes = new byte[data.size() * pq.codeBytes()];
      for (int i = 0; i < data.size(); i++) {
        pq.encode(data.get(i), codes, i * pq.codeBytes());
      }
      MemorySegment seg = MemorySegment.ofArray(codes);
      double err = 0;
      int pairs = 0;
      for (int q = 0; q < 20; q++) {
        float[] query = src.query(q);
        Pq.Table t = pq.table(query);
        for (int i = 0; i < data.size(); i += 7) {
          float exact = VectorMath.dot(query, data.get(i));
          float approx = t.score(seg, (long) i * pq.codeBytes());
          float decoded = VectorMath.dot(query, pq.decode(seg, (long) i * pq.codeBytes()));
          assertThat(approx).isCloseTo(decoded, org.assertj.core.data.Offset.offset(1e-4f));
          err += Math.abs(exact - approx);
          pairs++;
        }
      }
      assertThat(err / pairs).as("mean |exact - pq| at %d bits", bits).isLessThan(0.08);
    }
  }
}
