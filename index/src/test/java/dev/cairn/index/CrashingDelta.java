package dev.cairn.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child process for the delta crash tests. It opens the index in {@code DIR} (built by the test)
 * and ends the process abruptly ({@link Runtime#halt}, as a kill -9 would) at the named step:
 *
 * <ul>
 *   <li>a {@link DeltaLog.Step}: {@code HEADER_STAGED} and {@code CREATED} halt in the first insert
 *       (which creates the log); the frame steps halt in a second insert, after a first one is
 *       durable;
 *   <li>an {@link IndexGenerations.Step}: after {@link #BATCH} inserts and {@link #DELETES}
 *       deletes, halts in the merge that {@link CairnIndex#compact} runs.
 * </ul>
 */
public final class CrashingDelta {
  static final int BATCH = 100;
  static final int DELETES = 50;
  static final long FIRST_ID = 100_000;

  private CrashingDelta() {}

  static List<ChunkVector> batch(Synthetic src, long from) {
    List<ChunkVector> out = new ArrayList<>();
    for (long id = from; id < from + BATCH; id++) {
      out.add(new ChunkVector(id, src.vector(id)));
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String at = args[1];
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      boolean merge =
          Arrays.stream(IndexGenerations.Step.values()).anyMatch(s -> s.name().equals(at));
      if (merge) {
        idx.insertAll(batch(src, FIRST_ID));
        for (long id = 0; id < DELETES; id++) {
          idx.delete(id);
        }
        IndexGenerations.Step step = IndexGenerations.Step.valueOf(at);
        IndexGenerations.stepHook = s -> halt(s == step);
        idx.compact();
      } else {
        DeltaLog.Step step = DeltaLog.Step.valueOf(at);
        boolean first = step == DeltaLog.Step.HEADER_STAGED || step == DeltaLog.Step.CREATED;
        if (!first) {
          idx.insertAll(batch(src, FIRST_ID));
        }
        DeltaLog.stepHook = s -> halt(s == step);
        idx.insertAll(batch(src, FIRST_ID + BATCH));
      }
    }
    System.exit(0);
  }

  private static void halt(boolean now) {
    if (now) {
      Runtime.getRuntime().halt(137);
    }
  }
}
