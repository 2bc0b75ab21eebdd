package dev.cairn.ingest;

/**
 * Lets another thread stop or pause an ingestion run. The ingestor checks it between files: a file
 * in progress always finishes (or hits its time limit), then a cancelled run returns and a paused
 * one waits until {@link #resume()} or {@link #cancel()}. Thread-safe; one token per run.
 */
public final class CancellationToken {
  private final Object lock = new Object();
  private boolean cancelled;
  private boolean paused;

  public void cancel() {
    synchronized (lock) {
      cancelled = true;
      lock.notifyAll();
    }
  }

  public boolean isCancelled() {
    synchronized (lock) {
      return cancelled;
    }
  }

  public void pause() {
    synchronized (lock) {
      paused = true;
    }
  }

  public void resume() {
    synchronized (lock) {
      paused = false;
      lock.notifyAll();
    }
  }

  public boolean isPaused() {
    synchronized (lock) {
      return paused;
    }
  }

  /**
   * Blocks while paused and not cancelled.
   *
   * @return true when the run may go on, false when it was cancelled
   */
  boolean awaitRunnable() throws InterruptedException {
    synchronized (lock) {
      while (paused && !cancelled) {
        lock.wait();
      }
      return !cancelled;
    }
  }

  /**
   * {@link #awaitRunnable} for a worker task: an interrupt while waiting counts as a stop (the
   * thread's interrupt flag is set again).
   *
   * @return true when the task may go on
   */
  boolean mayGoOn() {
    try {
      return awaitRunnable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
