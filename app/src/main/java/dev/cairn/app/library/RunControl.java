package dev.cairn.app.library;

import dev.cairn.ingest.CancellationToken;

/**
 * The pause, resume and cancel state of one {@link IndexingRun}: the flags the user sets and the
 * ingest {@link CancellationToken} they drive. The embedding worker, {@link FirstBuild} and {@link
 * Reembedding} ask it whether to go on and wait here while the run is paused.
 *
 * <p>Thread-safe: set from any thread (the window, the service), read from the run's {@code
 * cairn-index} and {@code cairn-embed} threads. Touches nothing but its own flags and the token.
 */
final class RunControl {
  private final CancellationToken token = new CancellationToken();
  private final Object pauseLock = new Object();
  private volatile boolean paused;
  private volatile boolean cancelled;

  /** The token the ingestion checks; a failing embedding worker cancels it too. */
  CancellationToken token() {
    return token;
  }

  void pause() {
    paused = true;
    token.pause();
  }

  void resume() {
    paused = false;
    token.resume();
    synchronized (pauseLock) {
      pauseLock.notifyAll();
    }
  }

  void cancel() {
    cancelled = true;
    token.cancel();
    synchronized (pauseLock) {
      pauseLock.notifyAll();
    }
  }

  boolean isPaused() {
    return paused;
  }

  /** Whether {@link #cancel} was called (not whether the token was cancelled by a failure). */
  boolean cancelRequested() {
    return cancelled;
  }

  /** Whether the run should stop: cancelled by the user or its token cancelled. */
  boolean isCancelled() {
    return cancelled || token.isCancelled();
  }

  /** Waits while the run is paused and not cancelled. */
  void awaitResume() throws InterruptedException {
    synchronized (pauseLock) {
      while (paused && !cancelled) {
        pauseLock.wait(500);
      }
    }
  }
}
