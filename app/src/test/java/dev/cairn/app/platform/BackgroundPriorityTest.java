package dev.cairn.app.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

  @Test
  void aBackgroundThreadAndTheThreadsItStartsRunBelowTheNormalPriority() throws Exception {
    assumeTrue(BackgroundPriority.supported(), "thread priorities are only lowered on Linux");
    int before = BackgroundPriority.currentNice().orElseThrow();
    AtomicReference<Optional<Integer>> own = new AtomicReference<>();
    AtomicReference<Optional<Integer>> child = new AtomicReference<>();
    AtomicReference<Boolean> lowered = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              lowered.set(BackgroundPriority.lowerCurrentThread());
              own.set(BackgroundPriority.currentNice());
              // a thread created afterwards (as a model runtime creates its workers) inherits it
              Thread c = new Thread(() -> child.set(BackgroundPriority.currentNice()));
              c.start();
              try {
                c.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "priority-test");
    t.start();
    t.join();

    assertThat(lowered.get()).isTrue();
    assertThat(own.get()).contains(Math.max(before, BackgroundPriority.NICE));
    assertThat(child.get()).contains(Math.max(before, BackgroundPriority.NICE));
    assertThat(BackgroundPriority.currentNice())
        .as("the calling thread keeps its own priority")
        .contains(before);
  }
}
