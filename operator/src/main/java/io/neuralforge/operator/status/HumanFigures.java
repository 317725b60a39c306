package io.neuralforge.operator.status;

import java.util.Locale;

/** Numbers as people write them in a table: 11.7M parameters, 1.81G MACs, 1.7MB, 2.9e-06. */
public final class HumanFigures {
  private static final String[] COUNT_UNITS = {"", "k", "M", "G", "T", "P", "E"};
  private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private HumanFigures() {}

  /** Three significant digits with an SI prefix: 950, 1.23k, 11.7M, 1.81G. */
  public static String count(long n) {
    return scaled(n, COUNT_UNITS, 3);
  }

  /** Two significant digits in SI bytes: 512B, 1.7MB, 17MB, 170MB. */
  public static String bytes(long n) {
    return scaled(n, BYTE_UNITS, 2);
  }

  /** Two significant digits, scientific: 2.9e-06; 0 for none. */
  public static String difference(double d) {
    return d == 0 ? "0" : String.format(Locale.ROOT, "%.1e", d);
  }

  private static String scaled(long n, String[] units, int digits) {
    if (n < 0) {
      return "-" + scaled(-n, units, digits);
    }
    double v = n;
    int unit = 0;
    while (v >= 1000 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    if (unit == 0) {
      return n + units[0];
    }
    String text = withDigits(v, digits);
    if (Double.parseDouble(text) >= 1000 && unit < units.length - 1) {
      text = withDigits(v / 1000, digits); // 999.96k rounds up to 1.00M
      unit++;
    }
    return text + units[unit];
  }

  private static String withDigits(double v, int digits) {
    int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(Math.max(v, 1))));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
