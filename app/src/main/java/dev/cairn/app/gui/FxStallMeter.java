package dev.cairn.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javafx.application.Platform;

/**
 * Measures how long the JavaFX application thread is unavailable. A daemon thread named {@code
 * cairn-stall-meter} posts a ping through {@link Platform#runLater} every {@code interval} and
 * records how long each ping waited before it ran; the longest wait is the longest stall.
 *
 * <p>To tell a UI thread kept busy or blocked by the application from a machine too loaded to give
 * it a CPU, it also reports (on Linux) the longest stall <em>less the time the FX thread sat ready
 * in the kernel's run queue</em> ({@link #longestOwnStall()}, from {@code
 * /proc/self/task/TID/schedstat}), and how late its own sleeps woke up ({@link
 * #longestOversleep()}). While a ping waits longer than 40 ms it samples the FX thread's stack
 * every 10 ms ({@link #longestStallSamples()}).
 *
 * <p>Thread-safety: all methods may be called from any thread. Close it to stop the pinging.
 */
public final class FxStallMeter implements AutoCloseable {
  private static final long SAMPLE_AFTER_NANOS = 40_000_000;
  private static final int MAX_SAMPLES = 12;

  private final Duration interval;
  private final AtomicLong longestNanos = new AtomicLong();
  private final AtomicLong oversleepNanos = new AtomicLong();
  private final AtomicLong longestOwnNanos = new AtomicLong();
  private final AtomicLong longestCpuNanos = new AtomicLong();
  private volatile Path fxSchedstat;
  private final AtomicLong pings = new AtomicLong();
  private final Thread pinger;
  private volatile boolean running = true;
  private volatile List<String> longestStallSamples = List.of();

  private FxStallMeter(Duration interval) {
    this.interval = interval;
    this.pinger = new Thread(this::loop, "cairn-stall-meter");
    pinger.setDaemon(true);
  }

  /** Starts measuring at once, pinging every {@code interval} (e.g. 5 ms). */
  public static FxStallMeter start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    FxStallMeter meter = new FxStallMeter(interval);
    meter.pinger.start();
    return meter;
  }

  private void loop() {
    Object lock = new Object();
    fxSchedstat = findFxThreadSchedstat();
    while (running) {
      long queuedBefore = runQueueNanos();
      long cpuBefore = cpuNanos();
      long posted = System.nanoTime();
      boolean[] ran = {false};
      Platform.runLater(
          () -> {
            synchronized (lock) {
              ran[0] = true;
              lock.notifyAll();
            }
          });
      List<String> samples = new ArrayList<>();
      long waited;
      synchronized (lock) {
        // Wait for the ping to run before posting the next one, so a stall is seen as one gap.
        while (!ran[0] && running) {
          try {
            lock.wait(10);
          } catch (InterruptedException e) {
            return;
          }
          long waiting = System.nanoTime() - posted;
          if (!ran[0] && waiting > SAMPLE_AFTER_NANOS && samples.size() < MAX_SAMPLES) {
            samples.add((waiting / 1_000_000) + " ms: " + fxThreadStack());
          }
        }
        waited = System.nanoTime() - posted;
      }
      pings.incrementAndGet();
      long queued = Math.max(0, runQueueNanos() - queuedBefore);
      longestOwnNanos.accumulateAndGet(Math.max(0, waited - queued), Math::max);
      longestCpuNanos.accumulateAndGet(Math.max(0, cpuNanos() - cpuBefore), Math::max);
      if (waited > longestNanos.get()) {
        longestNanos.set(waited);
        longestStallSamples = List.copyOf(samples);
      }
      long beforeSleep = System.nanoTime();
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      long late = System.nanoTime() - beforeSleep - interval.toNanos();
      oversleepNanos.accumulateAndGet(late, Math::max);
    }
  }

  /** The schedstat file of the FX thread, or null when not on Linux or not found. */
  private static Path findFxThreadSchedstat() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return null;
    }
    try (Stream<Path> all = Files.list(tasks)) {
      for (Path task : all.toList()) {
        try {
          // The kernel keeps the first 15 characters of "JavaFX Application Thread".
          if (Files.readString(task.resolve("comm")).strip().equals("JavaFX Applicat")) {
            return task.resolve("schedstat");
          }
        } catch (IOException e) {
          // The thread ended while we looked; try the next one.
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  /** Nanoseconds the FX thread has spent ready but waiting for a CPU; 0 when unknown. */
  private long runQueueNanos() {
    return schedstatField(1);
  }

  /** Nanoseconds the FX thread has run on a CPU; 0 when unknown. */
  private long cpuNanos() {
    return schedstatField(0);
  }

  private long schedstatField(int index) {
    if (fxSchedstat == null) {
      return 0;
    }
    try {
      String[] fields = Files.readString(fxSchedstat).strip().split(" ");
      return Long.parseLong(fields[index]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static String fxThreadStack() {
    for (var entry : Thread.getAllStackTraces().entrySet()) {
      if (entry.getKey().getName().equals("JavaFX Application Thread")) {
        StringBuilder s = new StringBuilder(entry.getKey().getState().toString());
        StackTraceElement[] stack = entry.getValue();
        for (int i = 0; i < Math.min(stack.length, 14); i++) {
          s.append("\n\tat ").append(stack[i]);
        }
        return s.toString();
      }
    }
    return "(no JavaFX Application Thread found)";
  }

  /** The longest time a ping waited for the FX thread so far. */
  public Duration longestStall() {
    return Duration.ofNanos(longestNanos.get());
  }

  /**
   * The longest stall less the time the FX thread was ready to run but waited for a CPU (Linux
   * run-queue delay): the part of a stall caused by work or blocking on the FX thread itself,
   * rather than by other processes loading the machine. Equals {@link #longestStall()} where the
   * run-queue delay cannot be read.
   */
  public Duration longestOwnStall() {
    return Duration.ofNanos(fxSchedstat == null ? longestNanos.get() : longestOwnNanos.get());
  }

  /**
   * The most CPU time the FX thread used between a ping's posting and its running (Linux): how long
   * the application kept the UI thread busy at a stretch, whatever the machine's load. Zero where
   * it cannot be read ({@link #knowsRunQueueDelay()} is then false).
   */
  public Duration longestBusy() {
    return Duration.ofNanos(longestCpuNanos.get());
  }

  /** Whether {@link #longestOwnStall()} could use the kernel's run-queue figures. */
  public boolean knowsRunQueueDelay() {
    return fxSchedstat != null;
  }

  /**
   * The longest delay beyond the requested interval with which the meter's own sleep woke up: how
   * long the machine left a ready, unrelated thread unscheduled. Near zero on an idle machine.
   */
  public Duration longestOversleep() {
    return Duration.ofNanos(oversleepNanos.get());
  }

  /**
   * Stacks of the FX thread sampled during the longest stall, each prefixed with how long the ping
   * had waited; empty when that stall stayed under 40 ms. For diagnosing a failure.
   */
  public List<String> longestStallSamples() {
    return longestStallSamples;
  }

  /** How many pings have run on the FX thread so far. */
  public long pings() {
    return pings.get();
  }

  /** A one-line summary of the figures, for logs and assertion messages. */
  public String summary() {
    return "longest FX-thread stall "
        + longestStall().toMillis()
        + " ms, "
        + (knowsRunQueueDelay()
            ? longestOwnStall().toMillis()
                + " ms of it not spent waiting for a CPU (at most "
                + Duration.ofNanos(longestCpuNanos.get()).toMillis()
                + " ms of FX-thread CPU time within one ping)"
            : "run-queue delay unknown")
        + ", over "
        + pings()
        + " pings (the meter's own sleeps overslept by up to "
        + longestOversleep().toMillis()
        + " ms)";
  }

  @Override
  public void close() {
    running = false;
    pinger.interrupt();
  }
}
