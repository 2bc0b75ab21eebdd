package dev.cairn.app.platform;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the operating-system scheduling priority of Cairn's background threads, so that the
 * window's thread gets a CPU at once even while indexing and a local model keep every core busy.
 *
 * <p>On Linux each thread has its own nice value, and a thread inherits its creator's: a background
 * thread that calls {@link #lowerCurrentThread()} before it starts its work also lowers the threads
 * it creates — ONNX Runtime's intra-op pool (created with the session), llama.cpp's compute
 * threads, Tika's workers. The UI thread keeps the normal priority. Raising a priority needs
 * privileges; lowering one does not, so this works for every user.
 *
 * <p>Elsewhere (Windows, macOS) thread priorities are left alone: the call logs once, at info, that
 * it is not supported there, and does nothing else.
 *
 * <p>Implemented with the Foreign Function API (libc's {@code gettid} and {@code setpriority}); the
 * launchers pass {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class BackgroundPriority {
  /** The nice value background threads run at (0 is normal, 19 the lowest priority). */
  public static final int NICE = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);
  private static final int PRIO_PROCESS = 0;
  private static final AtomicBoolean REPORTED = new AtomicBoolean();

  /**
   * Links libc on first use only: {@link #keepNormalPriority()} (every command-line start) must not
   * pay for the Foreign Function API's stub generation (~0.1 s of CPU at start-up).
   */
  private static final class Native {
    static final Optional<Calls> CALLS = link();
  }

  private BackgroundPriority() {}

  private record Calls(MethodHandle gettid, MethodHandle setpriority, MethodHandle getpriority) {}

  private static Optional<Calls> link() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      MethodHandle gettid =
          linker.downcallHandle(
              libc.find("gettid").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
      MethodHandle setpriority =
          linker.downcallHandle(
              libc.find("setpriority").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT,
                  ValueLayout.JAVA_INT));
      MethodHandle getpriority =
          linker.downcallHandle(
              libc.find("getpriority").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
      return Optional.of(new Calls(gettid, setpriority, getpriority));
    } catch (RuntimeException | LinkageError e) {
      LOG.info(
          "thread priorities cannot be set here ({}); background work runs at normal priority",
          e.toString());
      return Optional.empty();
    }
  }

  private static volatile boolean lowering = true;

  /**
   * Keeps every thread of this process at the normal priority from now on: the command line's work
   * is what the user waits for, so it is not put behind other programs. Only the window lowers its
   * background threads (to keep itself responsive). Called by {@code Main} before a command runs.
   */
  public static void keepNormalPriority() {
    lowering = false;
  }

  /** Whether {@link NamedThreads} lower their threads' priority in this process. */
  public static boolean lowersBackgroundThreads() {
    return lowering;
  }

  /** Whether this platform lets Cairn lower its background threads' priority. */
  public static boolean supported() {
    return Native.CALLS.isPresent();
  }

  /**
   * Gives the calling thread (and the threads it creates from now on) the background priority
   * {@link #NICE}. Returns whether the priority is now lowered.
   */
  public static boolean lowerCurrentThread() {
    if (Native.CALLS.isEmpty()) {
      if (REPORTED.compareAndSet(false, true)) {
        LOG.info(
            "background threads keep the normal priority on {} (lowering is implemented for Linux)",
            System.getProperty("os.name"));
      }
      return false;
    }
    Calls c = Native.CALLS.get();
    try {
      int tid = (int) c.gettid().invokeExact();
      int rc = (int) c.setpriority().invokeExact(PRIO_PROCESS, tid, NICE);
      if (rc != 0 && REPORTED.compareAndSet(false, true)) {
        LOG.info("setpriority({}, {}) failed; background work runs at normal priority", tid, NICE);
      }
      return rc == 0;
    } catch (Throwable t) {
      if (REPORTED.compareAndSet(false, true)) {
        LOG.info("cannot lower the priority of background threads: {}", t.toString());
      }
      return false;
    }
  }

  /**
   * The calling thread's nice value (Linux), for tests and diagnostics; empty where not supported.
   */
  public static Optional<Integer> currentNice() {
    if (Native.CALLS.isEmpty()) {
      return Optional.empty();
    }
    Calls c = Native.CALLS.get();
    try {
      int tid = (int) c.gettid().invokeExact();
      // getpriority returns the nice value itself on Linux's glibc wrapper (-20..19)
      int nice = (int) c.getpriority().invokeExact(PRIO_PROCESS, tid);
      return Optional.of(nice);
    } catch (Throwable t) {
      return Optional.empty();
    }
  }
}
