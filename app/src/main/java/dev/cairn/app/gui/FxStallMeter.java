package dev.cairn.app.gui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the JavaFX application thread is unavailable. A daemon thread named {@code
 * cairn-stall-meter} posts a ping through {@link Platform#runLater} every {@code interval} and
 * records how long each ping waited before it ran; the longest wait is the longest stall.
 *
 * <p>To tell a blocked UI thread from a machine too busy to schedule anyone, it also records how
 * late its own sleeps wake up ({@link #longestOversleep()}), and while a ping waits longer than 40
 * ms it samples the FX thread's stack every 10 ms ({@link #longestStallSamples()}).
 *
 * <p>Thread-safety: all methods may be called from any thread. Close it to stop the pinging.
 */
public final class FxStallMeter implements AutoCloseable {
  private static final long SAMPLE_AFTER_NANOS = 40_000_000;
  private static final int MAX_SAMPLES = 12;

  private final Duration interval;
  private final AtomicLong longestNanos = new AtomicLong();
  private final AtomicLong oversleepNanos = new AtomicLong();
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
    while (running) {
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

  private static String fxThreadStack() {
    for (var entry : Thread.getAllStackTraces().entrySet()) {
      if (entry.getKey().getName().equals("JavaFX Application Thread")) {
        StringBuilder s = new StringBuilder(entry.getKey().getState().toString());
        StackTraceElement[] stack = entry.getValue();
        for (int i = 0; i < Math.min(stack.length, 80); i++) {
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

  /** A one-line summary: "longest stall 12 ms over 834 pings (scheduler oversleep up to 3 ms)". */
  public String summary() {
    return "longest FX-thread stall "
        + longestStall().toMillis()
        + " ms over "
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
