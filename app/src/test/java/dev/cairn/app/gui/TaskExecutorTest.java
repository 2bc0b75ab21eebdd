package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaskExecutorTest {

  @Test
  void theCurrentThreadExecutorDeliversResultsBeforeSubmitReturns() {
    List<String> seen = new ArrayList<>();
    TaskExecutor executor = new CurrentThreadTaskExecutor();
    var task = executor.submit("t", () -> "done", seen::add, e -> seen.add("failed"));
    executor.submit(
        "t",
        () -> {
          throw new IOException("disk gone");
        },
        r -> seen.add("ok"),
        e -> seen.add(e.getMessage()));
    assertThat(seen).containsExactly("done", "disk gone");
    assertThat(task.isDone()).isTrue();
  }

  @Test
  void theBatcherDeliversEveryItemInOrderInFewerBatches() throws Exception {
    List<List<Integer>> batches = new ArrayList<>();
    List<Runnable> uiQueue = new ArrayList<>();
    TaskExecutor queued =
        new TaskExecutor() {
          @Override
          public <T> BackgroundTask submit(
              String name,
              java.util.concurrent.Callable<T> work,
              java.util.function.Consumer<T> onSuccess,
              java.util.function.Consumer<Throwable> onFailure) {
            throw new UnsupportedOperationException("not used by the batcher");
          }

          @Override
          public void runOnUi(Runnable action) {
            synchronized (uiQueue) {
              uiQueue.add(action);
            }
          }

          @Override
          public void close() {}
        };
    UiBatcher<Integer> batcher = new UiBatcher<>(queued, batches::add);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 1000; i++) {
                batcher.add(i);
              }
            },
            "producer");
    producer.start();
    producer.join();
    synchronized (uiQueue) {
      assertThat(uiQueue).hasSize(1); // one flush queued however many items arrived
      uiQueue.removeFirst().run();
    }
    assertThat(batches.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1000).boxed().toList());
  }

  /** FxTaskExecutor without a toolkit: its runOnUi needs FX, so only the thread name is checked. */
  @Test
  void backgroundWorkRunsOnNamedThreads() throws Exception {
    AtomicReference<String> name = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    try (FxTaskExecutor executor = new FxTaskExecutor(2)) {
      executor.submit(
          "name",
          () -> {
            name.set(Thread.currentThread().getName());
            ran.countDown();
            return null;
          },
          r -> {},
          e -> {});
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(name.get()).startsWith("cairn-gui-");
  }
}
