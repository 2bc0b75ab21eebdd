package dev.cairn.chat.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.cairn.chat.generate.DeviceOptions;
import dev.cairn.chat.generate.DeviceReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that loads llama.cpp's native library (bundled, or a user-built one from {@link
 * DeviceOptions#libraryDir()}), routes its log to SLF4J, and opens models while capturing the load
 * log to report what device is actually used. Internal to the chat module.
 */
public final class LlamaRuntime {

  private static final Logger LOG = LoggerFactory.getLogger("dev.cairn.chat.llama.native");
  private static final Pattern OFFLOADED = Pattern.compile("offloaded (\\d+)/(\\d+) layers to GPU");
  private static final Pattern DEVICE =
      Pattern.compile("(?:Device \\d+: |using device \\S+ \\()([^,()\\n]+)");

  private static final Object LOCK = new Object();
  private static boolean initialised;
  private static String library = "bundled (CPU)";
  private static List<String> capture;

  private LlamaRuntime() {}

  /** A loaded model and what it runs on. */
  public record Loaded(LlamaModel model, DeviceReport report) {}

  /**
   * Opens a model. Serialised JVM-wide so the load log can be attributed to this model.
   *
   * @throws RuntimeException from de.kherud:llama when the file cannot be loaded
   */
  public static Loaded open(ModelParameters params, DeviceOptions device) {
    synchronized (LOCK) {
      init(device.libraryDir());
      capture = new ArrayList<>();
      try {
        LlamaModel model = new LlamaModel(params);
        DeviceReport report = report(capture, device);
        return new Loaded(model, report);
      } finally {
        capture = null;
      }
    }
  }

  private static void init(Optional<Path> libraryDir) {
    if (initialised) {
      if (libraryDir.isPresent() && !library.equals(libraryDir.get().toString())) {
        LOG.warn(
            "llama.cpp library already loaded from {}; {} is ignored until restart",
            library,
            libraryDir.get());
      }
      return;
    }
    libraryDir.ifPresent(
        d -> {
          System.setProperty("de.kherud.llama.lib.path", d.toAbsolutePath().toString());
          library = d.toAbsolutePath().toString();
        });
    LlamaModel.setLogger(LogFormat.TEXT, LlamaRuntime::log);
    initialised = true;
  }

  private static void log(LogLevel level, String message) {
    String m = message.strip();
    if (m.isEmpty()) {
      return;
    }
    List<String> c = capture;
    if (c != null) {
      synchronized (c) {
        c.add(m);
      }
    }
    switch (level) {
      case ERROR -> LOG.error(m);
      case WARN -> LOG.warn(m);
      case INFO -> LOG.debug(m);
      default -> LOG.trace(m);
    }
  }

  static DeviceReport report(List<String> lines, DeviceOptions device) {
    int off = 0;
    int total = 0;
    String gpuName = "";
    synchronized (lines) {
      for (String l : lines) {
        Matcher m = OFFLOADED.matcher(l);
        if (m.find()) {
          off = Integer.parseInt(m.group(1));
          total = Integer.parseInt(m.group(2));
        }
        Matcher d = DEVICE.matcher(l);
        if (gpuName.isEmpty() && d.find() && !l.contains("CPU")) {
          gpuName = d.group(1).strip();
        }
      }
    }
    return new DeviceReport(
        "llama.cpp", off > 0, off > 0 ? gpuName : "", off, total, device.threads(), library);
  }
}
