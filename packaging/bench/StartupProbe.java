import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * A Java agent for packaging/bench-startup.sh: records when Cairn's window first becomes usable and
 * ends the process.
 *
 * <p>"Usable" means: a window is showing, the pulse that laid out and rendered its scene has run,
 * and the JavaFX thread is free again to handle input (a runnable posted after that pulse runs).
 * The agent writes that moment, in milliseconds since the epoch, and the CPU time the process has
 * used so far (all threads, ms), then the same two figures for the moment the window was first seen
 * showing, to the file named by its argument, and halts the JVM. It only polls the public window list from a daemon thread; it installs no
 * class transformer, so class loading (and the CDS archive) behaves exactly as without it.
 */
public final class StartupProbe {
  private static long exitDelayMs = -1;
  private static volatile long shownAtMs;
  private static volatile long shownCpuMs;

  private StartupProbe() {}

  /**
   * Agent entry. {@code args}: the file to write; with {@code ",exit=MS"} appended, the process
   * instead exits normally ({@link System#exit}) MS milliseconds after the window became usable, so
   * that a training run can write its class-data archive at exit.
   */
  public static void premain(String args, Instrumentation inst) {
    String[] parts = args.split(",exit=", 2);
    Path out = Path.of(parts[0]);
    exitDelayMs = parts.length == 2 ? Long.parseLong(parts[1]) : -1;
    Thread t = new Thread(() -> watch(out), "cairn-startup-probe");
    t.setDaemon(true);
    t.start();
  }

  private static void watch(Path out) {
    AtomicBoolean armed = new AtomicBoolean();
    while (true) {
      try {
        Thread.sleep(2);
        if (!armed.get() && anyShowing()) {
          armed.set(true);
          shownAtMs = System.currentTimeMillis();
          shownCpuMs = cpuMs();
          Platform.runLater(() -> arm(out));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException | LinkageError e) {
        // JavaFX not loaded or the window list changed under us: look again.
      }
    }
  }

  private static boolean anyShowing() {
    List<Window> windows = new ArrayList<>(Window.getWindows());
    for (Window w : windows) {
      if (w.isShowing() && w.getScene() != null) {
        return true;
      }
    }
    return false;
  }

  /** On the FX thread: wait for the next rendered pulse, then for the thread to be free. */
  private static void arm(Path out) {
    Scene scene = null;
    for (Window w : Window.getWindows()) {
      if (w.isShowing() && w.getScene() != null) {
        scene = w.getScene();
        break;
      }
    }
    Scene s = scene;
    AtomicBoolean done = new AtomicBoolean();
    s.addPostLayoutPulseListener(
        () -> {
          if (done.compareAndSet(false, true)) {
            Platform.runLater(() -> record(out));
          }
        });
    Platform.requestNextPulse();
  }

  private static long cpuMs() {
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
  }

  private static void record(Path out) {
    long now = System.currentTimeMillis();
    long cpuMs = cpuMs();
    try {
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(tmp, now + " " + cpuMs + " " + shownAtMs + " " + shownCpuMs + "\n");
      Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (Exception e) {
      System.err.println("StartupProbe: cannot write " + out + ": " + e);
    }
    if (exitDelayMs < 0) {
      Runtime.getRuntime().halt(0);
    }
    Thread exit =
        new Thread(
            () -> {
              try {
                Thread.sleep(exitDelayMs);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              System.exit(0);
            },
            "cairn-startup-probe-exit");
    exit.setDaemon(true);
    exit.start();
  }
}
