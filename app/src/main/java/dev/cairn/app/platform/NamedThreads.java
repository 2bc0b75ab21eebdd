package dev.cairn.app.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factory naming threads {@code prefix-1}, {@code prefix-2}, ... (daemon threads). Threads
 * for background work (indexing, cache upkeep) run at {@link BackgroundPriority background
 * priority} so that the window stays responsive, unless the process is a command line that {@link
 * BackgroundPriority#keepNormalPriority() keeps normal priority}; threads for work the user waits
 * for (a search, an answer) keep the normal priority.
 */
public final class NamedThreads implements ThreadFactory {
  private final String prefix;
  private final boolean background;
  private final AtomicInteger next = new AtomicInteger(1);

  /** Background threads (lowered priority). */
  public NamedThreads(String prefix) {
    this(prefix, true);
  }

  /**
   * @param background true to lower the threads' priority (work nobody waits for), false for work
   *     the user waits for
   */
  public NamedThreads(String prefix, boolean background) {
    this.prefix = prefix;
    this.background = background;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t =
        new Thread(
            () -> {
              if (background && BackgroundPriority.lowersBackgroundThreads()) {
                BackgroundPriority.lowerCurrentThread();
              }
              r.run();
            },
            prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    return t;
  }
}
