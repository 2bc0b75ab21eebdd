package dev.cairn.app.gui;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the JavaFX application thread is unavailable. A daemon thread named {@code
 * cairn-stall-meter} posts a ping through {@link Platform#runLater} every {@code interval} and
 * records how long each ping waited before it ran; the longest wait is the longest stall.
 *
 * <p>Thread-safety: all methods may be called from any thread. Close it to stop the pinging.
 */
public final class FxStallMeter implements AutoCloseable {
  private final Duration interval;
  private final AtomicLong longestNanos = new AtomicLong();
  private final AtomicLong pings = new AtomicLong();
  private final Thread pinger;
  private volatile boolean running = true;

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
            long waited = System.nanoTime() - posted;
            longestNanos.accumulateAndGet(waited, Math::max);
            pings.incrementAndGet();
            synchronized (lock) {
              ran[0] = true;
              lock.notifyAll();
            }
          });
      synchronized (lock) {
        // Wait for the ping to run before posting the next one, so a stall is seen as one gap.
        while (!ran[0] && running) {
          try {
            lock.wait(50);
          } catch (InterruptedException e) {
            return;
          }
          long waiting = System.nanoTime() - posted;
          longestNanos.accumulateAndGet(ran[0] ? 0 : waiting, Math::max);
        }
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The longest time a ping waited for the FX thread so far. */
  public Duration longestStall() {
    return Duration.ofNanos(longestNanos.get());
  }

  /** How many pings have run on the FX thread so far. */
  public long pings() {
    return pings.get();
  }

  @Override
  public void close() {
    running = false;
    pinger.interrupt();
  }
}
