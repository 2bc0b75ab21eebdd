package dev.cairn.chat.prompt;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code [n]} citations out of an answer. Stateless. */
public final class Citations {

  private static final Pattern BRACKET =
      Pattern.compile("\\[(\\s*\\d+(?:\\s*[,;\\-–]\\s*\\d+)*\\s*)]");
  private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*[-–]\\s*(\\d+)");
  private static final int MAX_RANGE = 50;

  private Citations() {}

  /**
   * The distinct cited numbers in ascending order. Understands {@code [1]}, {@code [1][2]}, {@code
   * [1, 2]}, {@code [1; 3]} and ranges {@code [2-4]} (at most 50 numbers per range); ignores zero.
   */
  public static List<Integer> parse(String answer) {
    TreeSet<Integer> out = new TreeSet<>();
    if (answer == null) {
      return List.of();
    }
    Matcher m = BRACKET.matcher(answer);
    while (m.find()) {
      String inner = m.group(1);
      Matcher r = RANGE.matcher(inner);
      StringBuilder rest = new StringBuilder();
      int last = 0;
      while (r.find()) {
        rest.append(inner, last, r.start()).append(',');
        last = r.end();
        int a = Integer.parseInt(r.group(1));
        int b = Integer.parseInt(r.group(2));
        if (a <= b && b - a < MAX_RANGE) {
          for (int i = a; i <= b; i++) {
            out.add(i);
          }
        }
      }
      rest.append(inner.substring(last));
      for (String part : rest.toString().split("[,;]")) {
        String p = part.strip();
        if (!p.isEmpty() && p.length() < 6) {
          out.add(Integer.parseInt(p));
        }
      }
    }
    out.remove(0);
    return List.copyOf(out);
  }

  /** Whether the answer says the sources do not contain the answer. */
  public static boolean saysNoAnswer(String answer) {
    return answer != null
        && answer.toLowerCase(java.util.Locale.ROOT).contains("sources do not contain the answer");
  }
}
