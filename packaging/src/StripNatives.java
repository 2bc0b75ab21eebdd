import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies the app's jars into an installer's input folder, dropping every native library that
 * belongs to another platform (sqlite-jdbc, de.kherud:llama, ONNX Runtime and DJL's Hugging Face
 * tokenizers carry all of them).
 *
 * <p>Run as a single-file program: {@code java StripNatives.java PLATFORM SRC_DIR DEST_DIR [--drop
 * PREFIX]...}, with
 * PLATFORM one of {@code linux-x64, linux-aarch64, windows-x64, macos-x64, macos-aarch64}. Every
 * {@code *.jar} of SRC_DIR is copied to DEST_DIR; a jar holding native libraries is rewritten
 * without the entries of the other platforms (including macOS {@code .dSYM} debug bundles). A
 * native library whose platform cannot be told from its path is kept and reported, never silently
 * dropped. Each {@code --drop PREFIX} also removes the entries under that path from every jar (the
 * installer ships the bundled model as plain files instead). Prints one line per rewritten jar and
 * the bytes saved.
 */
public final class StripNatives {
  private static final Pattern NATIVE =
      Pattern.compile(".*(\\.so(\\.[0-9.]+)?|\\.dll|\\.dylib|\\.jnilib|\\.dSYM/.*)$");

  /** How each known jar family names its platform folders; entries are regexes on entry paths. */
  private record Platform(String name, List<Pattern> keep, List<Pattern> known) {}

  private static List<String> dropPrefixes = List.of();

  private static Platform platform(String name) {
    // "known" = paths that identify some platform; an entry matching known but not keep is dropped.
    List<Pattern> known =
        List.of(
            Pattern.compile("ai/onnxruntime/native/[^/]+/.*"),
            Pattern.compile("de/kherud/llama/[^/]+/[^/]+/.*"),
            Pattern.compile("org/sqlite/native/[^/]+/[^/]+/.*"),
            Pattern.compile("native/lib/[^/]+/cpu/.*"),
            Pattern.compile("com/sun/jna/[^/]+/[^/]*jnidispatch\\.[a-z]+"),
            Pattern.compile("META-INF/versions/[0-9]+/libjvector-[^/]+\\.so"));
    List<Pattern> keep =
        switch (name) {
          case "linux-x64" ->
              List.of(
                  Pattern.compile("com/sun/jna/linux-x86-64/.*"),
                  Pattern.compile("ai/onnxruntime/native/linux-x64/.*"),
                  Pattern.compile("de/kherud/llama/Linux/x86_64/.*"),
                  Pattern.compile("org/sqlite/native/Linux/x86_64/.*"),
                  Pattern.compile("native/lib/linux-x86_64/cpu/.*"),
                  Pattern.compile("META-INF/versions/[0-9]+/libjvector-x86_64\\.so"));
          case "linux-aarch64" ->
              List.of(
                  Pattern.compile("com/sun/jna/linux-aarch64/.*"),
                  Pattern.compile("ai/onnxruntime/native/linux-aarch64/.*"),
                  Pattern.compile("de/kherud/llama/Linux/aarch64/.*"),
                  Pattern.compile("org/sqlite/native/Linux/aarch64/.*"),
                  Pattern.compile("native/lib/linux-aarch64/cpu/.*"),
                  Pattern.compile("META-INF/versions/[0-9]+/libjvector-aarch64\\.so"));
          case "windows-x64" ->
              List.of(
                  Pattern.compile("com/sun/jna/win32-x86-64/.*"),
                  Pattern.compile("ai/onnxruntime/native/win-x64/.*"),
                  Pattern.compile("de/kherud/llama/Windows/x86_64/.*"),
                  Pattern.compile("org/sqlite/native/Windows/x86_64/.*"),
                  Pattern.compile("native/lib/win-x86_64/cpu/.*"));
          case "macos-x64" ->
              List.of(
                  Pattern.compile("com/sun/jna/darwin-x86-64/.*"),
                  Pattern.compile("ai/onnxruntime/native/osx-x64/(?!.*\\.dSYM/).*"),
                  Pattern.compile("de/kherud/llama/Mac/x86_64/.*"),
                  Pattern.compile("org/sqlite/native/Mac/x86_64/.*"));
          case "macos-aarch64" ->
              List.of(
                  Pattern.compile("com/sun/jna/darwin-aarch64/.*"),
                  Pattern.compile("ai/onnxruntime/native/osx-aarch64/(?!.*\\.dSYM/).*"),
                  Pattern.compile("de/kherud/llama/Mac/aarch64/.*"),
                  Pattern.compile("org/sqlite/native/Mac/aarch64/.*"),
                  Pattern.compile("native/lib/osx-aarch64/cpu/.*"));
          default ->
              throw new IllegalArgumentException(
                  "unknown platform '"
                      + name
                      + "' (expected linux-x64, linux-aarch64, windows-x64, macos-x64 or"
                      + " macos-aarch64)");
        };
    return new Platform(name, keep, known);
  }

  private static boolean matchesAny(List<Pattern> patterns, String entry) {
    for (Pattern p : patterns) {
      if (p.matcher(entry).matches()) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code entry} is another platform's native file (or a debug bundle). */
  private static boolean drop(Platform platform, String entry) {
    for (String prefix : dropPrefixes) {
      if (entry.startsWith(prefix)) {
        return true;
      }
    }
    if (entry.contains(".dSYM/")) {
      return true; // debug symbols are never needed at run time
    }
    return matchesAny(platform.known(), entry) && !matchesAny(platform.keep(), entry);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3 || args.length % 2 != 1) {
      System.err.println("usage: java StripNatives.java PLATFORM SRC_DIR DEST_DIR [--drop PREFIX]...");
      System.exit(2);
    }
    List<String> prefixes = new ArrayList<>();
    for (int i = 3; i < args.length; i += 2) {
      if (!args[i].equals("--drop")) {
        throw new IllegalArgumentException("unknown option '" + args[i] + "' (expected --drop)");
      }
      prefixes.add(args[i + 1]);
    }
    dropPrefixes = List.copyOf(prefixes);
    Platform platform = platform(args[0].toLowerCase(Locale.ROOT));
    Path src = Path.of(args[1]);
    Path dest = Path.of(args[2]);
    if (!Files.isDirectory(src)) {
      throw new IOException("source folder does not exist: " + src.toAbsolutePath());
    }
    Files.createDirectories(dest);
    List<Path> jars = new ArrayList<>();
    try (var stream = Files.list(src)) {
      stream.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
    }
    long savedTotal = 0;
    for (Path jar : jars) {
      Path out = dest.resolve(jar.getFileName());
      savedTotal += copyStripped(platform, jar, out);
    }
    System.out.printf(
        "StripNatives: %d jars copied for %s, %.1f MB dropped (other platforms' natives%s)%n",
        jars.size(),
        platform.name(),
        savedTotal / 1e6,
        dropPrefixes.isEmpty() ? "" : ", " + String.join(", ", dropPrefixes));
  }

  private static long copyStripped(Platform platform, Path jar, Path out) throws IOException {
    List<String> dropped = new ArrayList<>();
    List<String> unknownNatives = new ArrayList<>();
    long droppedBytes = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        if (drop(platform, e.getName())) {
          dropped.add(e.getName());
          droppedBytes += Math.max(0, e.getCompressedSize());
        } else if (NATIVE.matcher(e.getName()).matches()
            && !matchesAny(platform.keep(), e.getName())) {
          unknownNatives.add(e.getName());
        }
      }
      boolean keptNatives = false;
      var scan = zip.entries();
      while (scan.hasMoreElements()) {
        ZipEntry e = scan.nextElement();
        if (!e.isDirectory() && NATIVE.matcher(e.getName()).matches() && !drop(platform, e.getName())) {
          keptNatives = true;
        }
      }
      if (dropped.isEmpty() && !keptNatives) {
        Files.copy(jar, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      } else {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp);
            ZipOutputStream zos = new ZipOutputStream(os)) {
          var all = zip.entries();
          while (all.hasMoreElements()) {
            ZipEntry e = all.nextElement();
            if (drop(platform, e.getName())) {
              continue;
            }
            ZipEntry copy = new ZipEntry(e.getName());
            copy.setTime(e.getTime());
            if (!e.isDirectory() && NATIVE.matcher(e.getName()).matches()) {
              // Native libraries are stored, not deflated: the installer's xz compresses the raw
              // library far better than it can a deflated one (libtokenizers: 3.3 MB vs 5.0 MB).
              byte[] raw;
              try (InputStream in = zip.getInputStream(e)) {
                raw = in.readAllBytes();
              }
              java.util.zip.CRC32 crc = new java.util.zip.CRC32();
              crc.update(raw);
              copy.setMethod(ZipEntry.STORED);
              copy.setSize(raw.length);
              copy.setCompressedSize(raw.length);
              copy.setCrc(crc.getValue());
              zos.putNextEntry(copy);
              zos.write(raw);
              zos.closeEntry();
              continue;
            }
            zos.putNextEntry(copy);
            if (!e.isDirectory()) {
              try (InputStream in = zip.getInputStream(e)) {
                in.transferTo(zos);
              }
            }
            zos.closeEntry();
          }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
            "  %s: dropped %d entries (%.1f MB)%n",
            jar.getFileName(), dropped.size(), droppedBytes / 1e6);
      }
    }
    // Platform-classified jars (e.g. JavaFX's -linux jars) carry bare .so names: that is expected.
    if (!unknownNatives.isEmpty() && !jar.getFileName().toString().startsWith("javafx-")) {
      System.out.printf(
          "  %s: kept %d native files of unrecognised platform, e.g. %s%n",
          jar.getFileName(), unknownNatives.size(), unknownNatives.get(0));
    }
    return droppedBytes;
  }
}
