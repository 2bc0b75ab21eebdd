package dev.cairn.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items produced on background threads to the UI thread in batches: however fast items
 * arrive, at most one flush is queued on the UI thread at a time, so a stream of tokens or file
 * events can never flood it. Thread-safe.
 */
final class UiBatcher<T> {
  private final TaskExecutor executor;
  private final Consumer<List<T>> sink;
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param sink receives each batch on the UI thread, in arrival order, never empty
   */
  UiBatcher(TaskExecutor executor, Consumer<List<T>> sink) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Queues {@code item}; may be called from any thread. */
  void add(T item) {
    queue.add(item);
    if (scheduled.compareAndSet(false, true)) {
      executor.runOnUi(this::flush);
    }
  }

  /** Delivers whatever is queued now; call on the UI thread (e.g. before a final update). */
  void flush() {
    scheduled.set(false);
    List<T> batch = new ArrayList<>();
    for (T item; (item = queue.poll()) != null; ) {
      batch.add(item);
    }
    if (!batch.isEmpty()) {
      sink.accept(batch);
    }
  }
}
