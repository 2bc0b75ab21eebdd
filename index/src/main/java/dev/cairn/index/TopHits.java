package dev.cairn.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best k hits by chunk id across segments (main graph and delta): a min-heap of at most k. Not
 * thread-safe; one per query.
 */
final class TopHits {
  private static final Comparator<SearchHit> WORST_FIRST =
      Comparator.comparingDouble(SearchHit::score)
          .thenComparing(Comparator.comparingLong(SearchHit::chunkId).reversed());

  private final PriorityQueue<SearchHit> heap = new PriorityQueue<>(WORST_FIRST);

  void offer(long chunkId, float score, int k) {
    assert k >= 1 : "k must be >= 1, got " + k;
    if (heap.size() < k) {
      heap.add(new SearchHit(chunkId, score));
    } else if (score > heap.peek().score()) {
      heap.poll();
      heap.add(new SearchHit(chunkId, score));
    }
  }

  /** Hits best first (ties: lower chunk id first). */
  List<SearchHit> best() {
    List<SearchHit> out = new ArrayList<>(heap);
    out.sort(WORST_FIRST.reversed());
    return List.copyOf(out);
  }
}
