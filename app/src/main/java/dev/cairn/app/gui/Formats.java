package dev.cairn.app.gui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Turns numbers, sizes, durations and instants into the short words the window shows. */
final class Formats {
  private Formats() {}

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
          .withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withZone(ZoneId.systemDefault());

  /** "0 B", "812 B", "4.2 KB", "13.0 MB", "1.1 GB". */
  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** "12,345". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "less than a minute", "about 3 min", "about 1 h 20 min"; "unknown" for null. */
  static String eta(Duration eta) {
    if (eta == null || eta.isNegative()) {
      return "time left unknown";
    }
    long seconds = eta.toSeconds();
    if (seconds < 60) {
      return "less than a minute left";
    }
    long minutes = (seconds + 30) / 60;
    if (minutes < 60) {
      return "about " + minutes + " min left";
    }
    return "about " + minutes / 60 + " h " + minutes % 60 + " min left";
  }

  static String dateTime(Instant instant) {
    return instant == null ? "never" : DATE_TIME.format(instant);
  }

  static String date(Instant instant) {
    return instant == null ? "" : DATE.format(instant);
  }

  /** "38 %" for 0.38. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }
}
