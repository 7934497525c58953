package io.creditwatch.monitoring;

import java.math.BigDecimal;
import java.util.List;

/** Thresholds written as people read them, the same way in rules, panels and docs. */
public final class Numbers {

    private static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten");

    private Numbers() {
    }

    /** The shortest decimal: 80, 0.25, 0.5. */
    public static String n(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A ratio as a percentage: 0.65 as 65%. */
    public static String percent(double ratio) {
        return n(new BigDecimal(Double.toString(ratio)).movePointRight(2).doubleValue()) + "%";
    }

    /** Seconds as milliseconds: 0.5 as 500 ms. */
    public static String milliseconds(double seconds) {
        return n(new BigDecimal(Double.toString(seconds)).movePointRight(3).doubleValue()) + " ms";
    }

    /** A factor in words: 3 as "three times", 2.5 as "2.5 times". */
    public static String times(double factor) {
        return (factor == Math.rint(factor) && factor <= 10 ? WORDS.get((int) factor) : n(factor)) + " times";
    }

    /** Percentage points: 1 as "one point", 2 as "two points". */
    public static String points(double value) {
        String number = value == Math.rint(value) && value <= 10 ? WORDS.get((int) value) : n(value);
        return number + (value == 1 ? " point" : " points");
    }

    /** A Prometheus duration in words: 1m as "a minute", 5m as "5 minutes", 1h as "an hour". */
    public static String duration(String duration) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)([smh])").matcher(duration);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration of one unit: " + duration);
        }
        int amount = Integer.parseInt(matcher.group(1));
        String unit = switch (matcher.group(2)) {
            case "s" -> "second";
            case "m" -> "minute";
            default -> "hour";
        };
        return amount == 1 ? (unit.equals("hour") ? "an " : "a ") + unit : amount + " " + unit + "s";
    }
}
