package dev.cairn.app.library;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a real second JVM on this test run's class path (the tests' other Cairn process). */
public final class ChildJvm {
  private ChildJvm() {}

  /** The command line of {@code java [flags] -cp CLASSPATH mainClass args...}. */
  public static List<String> command(String mainClass, String... args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Xss4m");
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts the child with stderr merged into stdout. */
  public static Process start(String mainClass, String... args) throws IOException {
    return new ProcessBuilder(command(mainClass, args)).redirectErrorStream(true).start();
  }

  /** Reads the child's output lines until one starts with {@code prefix}; returns it. */
  public static String awaitLine(Process p, String prefix) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
      seen.append(line).append('\n');
    }
    throw new IOException("child ended before printing '" + prefix + "'; it printed:\n" + seen);
  }
}
