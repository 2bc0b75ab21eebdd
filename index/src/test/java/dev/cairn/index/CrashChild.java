package dev.cairn.index;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM that writes an index or a spool until the test kills it with SIGKILL, for the
 * crash-safety tests ({@link #runToEnd} runs the children that halt themselves instead). Modes:
 * {@code spool FILE} (batches of 100 forever, "stored N" after each); {@code build DIR COUNT
 * [BLOCK_AT]} (builds an index of COUNT synthetic vectors; with BLOCK_AT the vector stream stops
 * for good after that many, mid-build; "built" when done).
 */
final class CrashChild {
  static final int DIMS = 12;

  public static void main(String[] args) throws Exception {
    Synthetic source = Synthetic.standard(DIMS);
    switch (args[0]) {
      case "spool" -> {
        try (VectorSpool spool = VectorSpool.open(Path.of(args[1]), source.modelId(), DIMS)) {
          for (long from = 0; ; from += 100) {
            List<ChunkVector> batch = new ArrayList<>();
            source.vectors(from, 100).forEachRemaining(batch::add);
            spool.putAll(batch);
            System.out.println("stored " + (from + 100));
            System.out.flush();
          }
        }
      }
      case "build" -> {
        int count = Integer.parseInt(args[2]);
        int blockAt = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        Iterator<ChunkVector> inner = source.vectors(0, count);
        Iterator<ChunkVector> vectors =
            new Iterator<>() {
              int served;

              @Override
              public boolean hasNext() {
                if (served == blockAt) {
                  System.out.println("blocked " + served);
                  System.out.flush();
                  try {
                    Thread.sleep(Long.MAX_VALUE);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                boolean more = inner.hasNext();
                if (!more) {
                  System.out.println("consumed " + served);
                  System.out.flush();
                }
                return more;
              }

              @Override
              public ChunkVector next() {
                if (!hasNext()) {
                  throw new NoSuchElementException();
                }
                served++;
                return inner.next();
              }
            };
        try (CairnIndex idx = CairnIndex.build(Path.of(args[1]), options(), source, vectors)) {
          System.out.println("built " + idx.size());
          System.out.flush();
        }
      }
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  static IndexOptions options() {
    return IndexOptions.builder().pqSubspaces(4).smallIndexThreshold(256).build();
  }

  /** Starts a child JVM with the test class path running this main. */
  static Handle start(String... args) throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx512m");
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashChild.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    return new Handle(p);
  }

  /**
   * Runs {@code main} (a crash child such as {@link CrashingBuild} or {@link CrashingDelta}) in a
   * child JVM with the test class path until it ends by itself, and returns its exit status (137
   * when it halted as planned). Its output goes to {@code log}, for a failing test's reader.
   *
   * @throws AssertionError when the child is still running after two minutes (it is then killed)
   */
  static int runToEnd(Path log, Class<?> main, String... args)
      throws java.io.IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(1, TimeUnit.MINUTES);
      throw new AssertionError(
          main.getSimpleName()
              + " "
              + String.join(" ", args)
              + " did not end in 120 s; see "
              + log);
    }
    return p.exitValue();
  }

  /** A running child; closing it kills it if still alive. */
  static final class Handle implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Handle(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                  }
                } catch (java.io.IOException e) {
                  // the child died: no more lines
                }
                lines.add("<eof>");
              },
              "crash-child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The first line matching, or null if the child ends (or 3 minutes pass) without one. */
    String awaitLine(Predicate<String> wanted) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline) {
        String l = lines.poll(1, TimeUnit.SECONDS);
        if (l == null) {
          continue;
        }
        if ("<eof>".equals(l)) {
          return null;
        }
        if (wanted.test(l)) {
          return l;
        }
      }
      return null;
    }

    /** SIGKILL (destroyForcibly on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(1, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
