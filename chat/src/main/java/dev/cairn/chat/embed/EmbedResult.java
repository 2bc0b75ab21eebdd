package dev.cairn.chat.embed;

import java.util.List;

/**
 * Vectors plus what happened to each text.
 *
 * @param vectors one L2-normalised vector per input text, same order
 * @param tokenCounts word pieces of each full text including [CLS]/[SEP], before truncation
 * @param truncated indexes of the texts that were longer than the model's limit and were cut at the
 *     last whole word that fits (the vector then covers only that prefix)
 */
public record EmbedResult(List<float[]> vectors, int[] tokenCounts, List<Integer> truncated) {
  public EmbedResult {
    vectors = List.copyOf(vectors);
    truncated = List.copyOf(truncated);
    tokenCounts = tokenCounts.clone();
  }

  /** Number of texts that were truncated. */
  public int truncatedCount() {
    return truncated.size();
  }
}
