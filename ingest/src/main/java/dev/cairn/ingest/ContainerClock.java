package dev.cairn.ingest;

/**
 * The time source of a container's ETA ({@link ContainerEta}): {@link #SYSTEM} in the ingestor, a
 * hand-driven one in tests. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ContainerClock {
  /** {@link System#nanoTime()}. */
  ContainerClock SYSTEM = System::nanoTime;

  /** A monotonic time in nanoseconds (only differences mean anything). */
  long nanoTime();
}
