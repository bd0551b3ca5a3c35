package io.meterwise.core.limits;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Decimal text in and out without ever expanding an exponent: {@code 1e999999999} is twelve characters that
 * {@link BigDecimal#toPlainString()} would turn into a gigabyte.
 */
public final class Decimals {

    /** Longest decimal text read; every bounded value fits with room for leading zeros and an exponent. */
    public static final int MAX_TEXT_LENGTH = 64;
    /** ASCII digits only: {@link BigDecimal#BigDecimal(String)} also takes Arabic-Indic and other Unicode digits. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?");
    /** Beyond this many digits before or after the point a value is shown in scientific notation. */
    private static final int MAX_PLAIN_DIGITS = 40;

    private Decimals() {
    }

    /**
     * Parses a decimal written with ASCII digits, an optional sign, point and exponent of at most 4 digits; throws
     * {@link NumberFormatException} with a bounded message otherwise. Bounds are checked by the caller
     * ({@link Limits#problem}).
     */
    public static BigDecimal parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new NumberFormatException("is not a decimal number: longer than " + MAX_TEXT_LENGTH + " characters");
        }
        if (!DECIMAL.matcher(text).matches()) {
            throw new NumberFormatException("'" + Texts.shorten(text) + "' is not a decimal number (ASCII digits, "
                    + "optional sign, point and exponent)");
        }
        return new BigDecimal(text);
    }

    /** True when {@link BigDecimal#toPlainString()} of the value is short (at most about 80 characters). */
    public static boolean fitsPlain(BigDecimal value) {
        return (long) value.precision() - value.scale() <= MAX_PLAIN_DIGITS && value.scale() <= MAX_PLAIN_DIGITS;
    }

    /** The value as plain text when that is short, else in scientific notation; never longer than about 60 chars. */
    public static String show(BigDecimal value) {
        if (!fitsPlain(value)) {
            return value.round(new java.math.MathContext(20)).toString();
        }
        return value.toPlainString();
    }
}
