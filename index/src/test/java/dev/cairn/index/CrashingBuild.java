package dev.cairn.index;

import java.nio.file.Path;

/**
 * A child process for crash tests: builds an index of {@code N} synthetic vectors in {@code DIR}
 * and ends the process abruptly ({@link Runtime#halt}, as a kill -9 would: no finally blocks, no
 * shutdown hooks) at the named {@link IndexGenerations.Step}, or while the graph is being built
 * ({@code DURING}, after the staging folder has files in it).
 */
public final class CrashingBuild {
  private CrashingBuild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String at = args[1];
    int n = Integer.parseInt(args[2]);
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    if (!at.equals("DURING")) {
      IndexGenerations.Step step = IndexGenerations.Step.valueOf(at);
      IndexGenerations.stepHook =
          s -> {
            if (s == step) {
              Runtime.getRuntime().halt(137);
            }
          };
    } else {
      Thread killer =
          new Thread(
              () -> {
                Path staging = IndexGenerations.staging(dir);
                while (!java.nio.file.Files.exists(staging.resolve(HotCache.FILE_NAME))) {
                  Thread.onSpinWait();
                }
                Runtime.getRuntime().halt(137);
              });
      killer.setDaemon(true);
      killer.start();
    }
    CairnIndex.build(dir, CairnIndexTest.OPTIONS, CairnIndexTest.SEARCH, src, src.vectors(0, n))
        .close();
    System.exit(0);
  }
}
