package io.neuralforge.diagram;

import io.neuralforge.diagram.Diagram.Box;
import io.neuralforge.diagram.Diagram.Kind;
import io.neuralforge.diagram.Diagram.TextStyle;
import java.awt.Color;
import java.awt.Font;

/**
 * Fonts, colours and spacing. Text is set in the monospaced font, whose advance is close to 0.6 em
 * in every common face (DejaVu Sans Mono, Liberation Mono, Courier), so widths are computed from
 * character counts rather than measured: the layout, and so the SVG, is the same on every machine
 * whatever fonts it has.
 */
final class Style {
  static final String FAMILY = Font.MONOSPACED;

  /** The SVG's font-family: the faces the widths were made for, then any monospaced one. */
  static final String SVG_FONTS = "\"DejaVu Sans Mono\", Menlo, Consolas, monospace";

  /** Advance of one character, in em; a little above 0.6 to leave room for wider faces. */
  static final double ADVANCE = 0.62;

  static final double PAD_X = 12;
  static final double PAD_Y = 7;
  static final double MIN_BOX_WIDTH = 110;
  static final double MARGIN = 16;
  static final int LABEL_SIZE = 11;
  static final double LABEL_PAD = 3;

  static final Color BACKGROUND = Color.WHITE;
  static final Color EDGE = new Color(0x55, 0x5b, 0x66);
  static final Color LABEL_TEXT = new Color(0x33, 0x3a, 0x45);
  static final Color ERROR = new Color(0xd3, 0x2f, 0x2f);

  private Style() {}

  static int size(TextStyle style) {
    return switch (style) {
      case HEADER -> 14;
      case TITLE -> 13;
      case TYPE -> 12;
      case BODY, OUTPUT, ERROR -> 11;
    };
  }

  static Font font(TextStyle style) {
    boolean bold = style == TextStyle.TITLE || style == TextStyle.HEADER;
    return new Font(FAMILY, bold ? Font.BOLD : Font.PLAIN, size(style));
  }

  static Color color(TextStyle style) {
    return switch (style) {
      case TITLE, HEADER -> new Color(0x1b, 0x1f, 0x27);
      case TYPE -> new Color(0x1f, 0x4e, 0x8c);
      case BODY -> new Color(0x4a, 0x50, 0x5a);
      case OUTPUT -> new Color(0x1b, 0x6e, 0x2a);
      case ERROR -> new Color(0xb7, 0x1c, 0x1c);
    };
  }

  static double lineHeight(TextStyle style) {
    return Math.ceil(size(style) * 1.35);
  }

  static double width(String text, int size) {
    return text.codePointCount(0, text.length()) * size * ADVANCE;
  }

  /** A box's fill and frame colours. */
  record Look(Color fill, Color stroke) {}

  private static final Look INVALID = new Look(new Color(0xff, 0xe4, 0xe4), ERROR);
  private static final Look INPUT =
      new Look(new Color(0xff, 0xf3, 0xd6), new Color(0xb0, 0x7d, 0x00));
  private static final Look BLOCK =
      new Look(new Color(0xf0, 0xea, 0xfa), new Color(0x6a, 0x4f, 0xa5));
  private static final Look OUTPUT =
      new Look(new Color(0xe8, 0xf6, 0xea), new Color(0x2e, 0x7d, 0x32));
  private static final Look NODE =
      new Look(new Color(0xf3, 0xf7, 0xfd), new Color(0x4a, 0x6f, 0xa5));

  /** Red for an invalid box, whatever its kind; else by kind, a model output in green. */
  static Look look(Box box) {
    if (box.invalid()) {
      return INVALID;
    }
    return switch (box.kind()) {
      case INPUT -> INPUT;
      case BLOCK -> BLOCK;
      case NODE -> box.output() ? OUTPUT : NODE;
    };
  }

  static float strokeWidth(Box box) {
    return box.invalid() || box.output() || box.kind() != Kind.NODE ? 2.5f : 1.2f;
  }
}
