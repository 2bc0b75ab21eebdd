package dev.cairn.app.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factory naming threads {@code prefix-1}, {@code prefix-2}, ... (daemon threads, at {@link
 * BackgroundPriority background priority} so that the window stays responsive, unless the process
 * is a command line that {@link BackgroundPriority#keepNormalPriority() keeps normal priority}).
 */
public final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);

  public NamedThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t =
        new Thread(
            () -> {
              if (BackgroundPriority.lowersBackgroundThreads()) {
                BackgroundPriority.lowerCurrentThread();
              }
              r.run();
            },
            prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    return t;
  }
}
