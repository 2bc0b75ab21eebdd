package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Tesseract this machine has, found at run time by running {@code tesseract --list-langs}: the
 * executable, its version, its tessdata folder and its installed language packs. Immutable and
 * thread-safe; {@link #probe} starts a short-lived process (at most a few seconds).
 *
 * @param executable the program that answered, or null when none did
 * @param tessdata the folder holding the language packs, or null when unknown
 * @param languages installed language packs without {@code osd}, sorted; empty when unavailable
 * @param problem why Tesseract is unavailable, or null when it is available
 */
public record OcrSupport(Path executable, Path tessdata, List<String> languages, String problem) {
  private static final Pattern TESSDATA = Pattern.compile("\"([^\"]+)\"");

  public OcrSupport {
    languages = List.copyOf(languages);
  }

  /** True when Tesseract ran and has at least one language pack. */
  public boolean available() {
    return problem == null;
  }

  /**
   * The status reason for a file that needs OCR when Tesseract is missing, with the platform's
   * one-line install command.
   */
  public static String needsOcrReason() {
    return "needs OCR — install Tesseract (" + installCommand() + ")";
  }

  /** The one-line command that installs Tesseract on this platform. */
  public static String installCommand() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      return "`winget install UB-Mannheim.TesseractOCR`";
    }
    if (os.contains("mac")) {
      return "`brew install tesseract`";
    }
    if (Files.exists(Path.of("/etc/redhat-release"))
        || Files.exists(Path.of("/etc/fedora-release"))) {
      return "`sudo dnf install tesseract`";
    }
    return "`sudo apt install tesseract-ocr`";
  }

  /**
   * Runs {@code tesseract --list-langs}.
   *
   * @param executable the program, or null for {@code tesseract} on the PATH
   */
  public static OcrSupport probe(Path executable) {
    String exe = executable == null ? "tesseract" : executable.toString();
    if (executable != null && !Files.isRegularFile(executable)) {
      return new OcrSupport(null, null, List.of(), "no Tesseract at " + executable);
    }
    Process p;
    try {
      p = new ProcessBuilder(exe, "--list-langs").redirectErrorStream(true).start();
    } catch (IOException e) {
      return new OcrSupport(null, null, List.of(), "Tesseract not found (" + exe + ")");
    }
    String out;
    try (InputStream in = p.getInputStream()) {
      p.getOutputStream().close();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new OcrSupport(null, null, List.of(), exe + " --list-langs did not answer in 10 s");
      }
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new OcrSupport(null, null, List.of(), exe + " could not be run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new OcrSupport(null, null, List.of(), "interrupted while probing Tesseract");
    }
    if (p.exitValue() != 0) {
      return new OcrSupport(
          null, null, List.of(), exe + " --list-langs exited with " + p.exitValue());
    }
    Path tessdata = null;
    List<String> langs = new ArrayList<>();
    for (String line : out.split("\\R")) {
      String l = line.strip();
      if (l.startsWith("List of available languages")) {
        Matcher m = TESSDATA.matcher(l);
        if (m.find()) {
          tessdata = Path.of(m.group(1));
        }
      } else if (l.matches("[A-Za-z0-9_]+") && !l.equals("osd")) {
        langs.add(l);
      }
    }
    langs.sort(null);
    Path resolved = executable == null ? null : executable.toAbsolutePath();
    if (langs.isEmpty()) {
      return new OcrSupport(
          resolved, tessdata, List.of(), "Tesseract has no language packs installed");
    }
    return new OcrSupport(resolved, tessdata, langs, null);
  }

  /**
   * The Tesseract language string for the wanted packs: those of {@code wanted} that are installed
   * joined with '+', or the default when none is given.
   *
   * @throws IllegalArgumentException naming the packs that are not installed
   */
  public String languageString(List<String> wanted) {
    if (wanted.isEmpty()) {
      return languages.contains("eng") ? "eng" : String.join("+", languages);
    }
    List<String> missing = wanted.stream().filter(w -> !languages.contains(w)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "Tesseract language packs not installed: " + missing + "; installed: " + languages);
    }
    return String.join("+", wanted);
  }
}
