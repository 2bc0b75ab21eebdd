package dev.cairn.app.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cancellation handle of one tool call: the transport (a {@code notifications/cancelled}
 * message, a client that went away) calls {@link #cancel}; the tool asks {@link #isCancelled} at
 * its checkpoints and registers what stops its work ({@link #onCancel}: the answer's generation).
 * Cancelling is one-way and happens at most once. Thread-safe.
 */
public final class CallCancellation {
  private static final CallCancellation NEVER = new CallCancellation();

  private final AtomicReference<String> reason = new AtomicReference<>();
  private final List<Runnable> actions = new CopyOnWriteArrayList<>();

  CallCancellation() {}

  /** A handle nobody cancels (the JSON API, tests, a call the transport did not register). */
  public static CallCancellation never() {
    return NEVER;
  }

  /**
   * Cancels the call: runs every registered action once, on the caller's thread. Later calls do
   * nothing; the never-cancelled handle ignores it.
   *
   * @param why what cancelled it, for the error message ({@code the client cancelled the call})
   * @return whether this call cancelled it (false when it already was)
   */
  public boolean cancel(String why) {
    Objects.requireNonNull(why, "why");
    if (this == NEVER || !reason.compareAndSet(null, why)) {
      return false;
    }
    for (Runnable action : actions) {
      action.run();
    }
    return true;
  }

  /** Whether the call was cancelled. */
  public boolean isCancelled() {
    return reason.get() != null;
  }

  /** Why it was cancelled; {@code null} while it is not. */
  public String reason() {
    return reason.get();
  }

  /**
   * Runs {@code action} when the call is cancelled, or at once when it already is. Close the
   * returned registration when the work it stops has ended.
   */
  public Registration onCancel(Runnable action) {
    Objects.requireNonNull(action, "action");
    if (this == NEVER) {
      return () -> {};
    }
    // cancel() may run concurrently and see the action or not; whichever side gets there runs it.
    java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable once =
        () -> {
          if (ran.compareAndSet(false, true)) {
            action.run();
          }
        };
    actions.add(once);
    if (isCancelled()) {
      once.run();
    }
    return () -> actions.remove(once);
  }

  /**
   * Throws {@link ToolException.Code#CANCELLED} when the call was cancelled.
   *
   * @param tool the tool's name, for the message
   */
  public void check(String tool) throws ToolException {
    String why = reason.get();
    if (why != null) {
      throw new ToolException(ToolException.Code.CANCELLED, tool + ": cancelled — " + why);
    }
  }

  /** Stops listening for the cancellation; idempotent, never throws. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
