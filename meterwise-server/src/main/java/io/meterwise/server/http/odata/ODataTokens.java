package io.meterwise.server.http.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.meterwise.server.http.error.ArmException;

/**
 * Splits an OData {@code $filter} into words ({@code invoicePeriodEndDate}, {@code eq}, {@code 2017-02-01}),
 * single-quoted strings ({@code 'MS-AZR-0003P'}, with {@code ''} for a quote) and one-character symbols such as
 * parentheses. The RateCard and Billing filter parsers share it; each decides which tokens it accepts.
 */
public final class ODataTokens {

    public enum Kind {
        WORD, STRING, SYMBOL
    }

    /** A token and its 1-based position in the filter. */
    public record Token(Kind kind, String text, int position) {

        public boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        public boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        /** How to name the token in an error message. */
        public String describe() {
            return kind == Kind.STRING ? "the string '" + text + "'" : "'" + text + "'";
        }
    }

    private ODataTokens() {
    }

    /** Tokenizes {@code filter}; an unclosed string is refused with the error {@code invalid} makes of the reason. */
    public static List<Token> tokenize(String filter, Function<String, ArmException> invalid) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char ch = filter.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '\'') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= filter.length()) {
                        throw invalid.apply("the string starting at position " + (start + 1) + " is not closed with '");
                    }
                    char c = filter.charAt(i++);
                    if (c != '\'') {
                        value.append(c);
                    } else if (i < filter.length() && filter.charAt(i) == '\'') {
                        value.append('\'');
                        i++;
                    } else {
                        break;
                    }
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start + 1));
            } else if (isWordChar(ch)) {
                int start = i;
                while (i < filter.length() && isWordChar(filter.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, filter.substring(start, i), start + 1));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(ch), i + 1));
                i++;
            }
        }
        return tokens;
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '.' || ch == ':';
    }
}
