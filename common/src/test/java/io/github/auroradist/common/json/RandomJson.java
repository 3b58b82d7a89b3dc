package io.github.auroradist.common.json;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random plain JSON values of the kinds {@link JsonTrees#parse} gives back unchanged: integers as the smallest of
 * Integer, Long and BigInteger that holds them, finite doubles, text with escapes and non-ASCII characters.
 */
public final class RandomJson {
  private static final String[] WORDS = {"", "a", "web", "{{name}}", "é ü", "quote\"d", "back\\slash", "tab\t",
      "new\nline", "\u2603", "\ud83d\ude00", "0", "true", "null", " 7 ", "1.5"};

  private RandomJson() {}

  public static String text(Random r) {
    if (r.nextInt(3) == 0) {
      StringBuilder b = new StringBuilder();
      for (int i = r.nextInt(8); i > 0; i--) {
        b.append((char) (r.nextInt(3) == 0 ? r.nextInt(0x20) : 0x20 + r.nextInt(0x3000)));
      }
      String s = b.toString();
      // Lone surrogates are not text JSON can carry.
      return s.chars().anyMatch(c -> Character.isSurrogate((char) c)) ? "x" : s;
    }
    return WORDS[r.nextInt(WORDS.length)];
  }

  public static Object number(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> r.nextInt();
      case 1 -> r.nextInt(100) - 10;
      case 2 -> {
        long l = r.nextLong();
        yield l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (Object) (int) l : (Object) l;
      }
      case 3 -> BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + r.nextInt(1000)));
      case 4 -> (r.nextInt(2000) - 1000) / 8.0;
      default -> r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
    };
  }

  public static Object scalar(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> number(r);
      default -> text(r);
    };
  }

  /** Any value, nested up to {@code depth}. */
  public static Object value(Random r, int depth) {
    int kind = depth <= 0 ? 0 : r.nextInt(4);
    if (kind == 1) {
      return object(r, depth - 1);
    }
    if (kind == 2) {
      List<Object> list = new ArrayList<>();
      for (int i = r.nextInt(4); i > 0; i--) {
        list.add(value(r, depth - 1));
      }
      return list;
    }
    return scalar(r);
  }

  public static Map<String, Object> object(Random r, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      map.put(text(r), value(r, depth));
    }
    return map;
  }
}
