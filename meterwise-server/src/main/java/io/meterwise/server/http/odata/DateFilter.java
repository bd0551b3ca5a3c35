package io.meterwise.server.http.odata;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.meterwise.server.http.error.ArmException;

/**
 * An OData {@code $filter} of date comparisons joined by {@code and}, as the Billing API accepts:
 * {@code invoicePeriodEndDate ge 2017-01-01 and invoicePeriodEndDate lt 2017-03-01}. Operators {@code eq lt gt le ge};
 * parentheses allowed; dates bare or single-quoted. {@code ne}, {@code or} and {@code not} are refused by name.
 */
public record DateFilter(List<Comparison> comparisons) {

    public enum Operator {
        EQ, LT, GT, LE, GE;

        boolean test(int compare) {
            return switch (this) {
                case EQ -> compare == 0;
                case LT -> compare < 0;
                case GT -> compare > 0;
                case LE -> compare <= 0;
                case GE -> compare >= 0;
            };
        }
    }

    /** {@code field op date}; {@code field} as the caller spelled it in {@code allowedFields}. */
    public record Comparison(String field, Operator operator, LocalDate value) {
        public boolean test(LocalDate candidate) {
            return operator.test(candidate.compareTo(value));
        }
    }

    public static final DateFilter NONE = new DateFilter(List.of());

    public DateFilter {
        comparisons = List.copyOf(comparisons);
    }

    /** True when every comparison on {@code field} holds for {@code value}. */
    public boolean matches(String field, LocalDate value) {
        for (Comparison c : comparisons) {
            if (c.field().equals(field) && !c.test(value)) {
                return false;
            }
        }
        return true;
    }

    /** Parses a filter whose fields must be among {@code allowedFields} (matched case-insensitively). */
    public static DateFilter parse(String filter, Set<String> allowedFields) {
        if (filter == null || filter.isBlank()) {
            return NONE;
        }
        Parser parser = new Parser(tokenize(filter), allowedFields, filter);
        List<Comparison> result = new ArrayList<>();
        parser.expression(result);
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.peek().text() + "'");
        }
        return new DateFilter(result);
    }

    enum Kind { WORD, STRING, OPEN, CLOSE }

    record Token(Kind kind, String text, int position) {
    }

    static List<Token> tokenize(String filter) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < filter.length()) {
            char ch = filter.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '(') {
                tokens.add(new Token(Kind.OPEN, "(", i++));
            } else if (ch == ')') {
                tokens.add(new Token(Kind.CLOSE, ")", i++));
            } else if (ch == '\'') {
                int end = filter.indexOf('\'', i + 1);
                if (end < 0) {
                    throw invalid(filter, "the quoted value starting at position " + (i + 1) + " is not closed");
                }
                tokens.add(new Token(Kind.STRING, filter.substring(i + 1, end), i));
                i = end + 1;
            } else if (Character.isLetterOrDigit(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':') {
                int start = i;
                while (i < filter.length() && (Character.isLetterOrDigit(filter.charAt(i)) || "-_.:".indexOf(
                        filter.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, filter.substring(start, i), start));
            } else {
                throw invalid(filter, "unexpected character '" + ch + "' at position " + (i + 1));
            }
        }
        return tokens;
    }

    private static ArmException invalid(String filter, String why) {
        return new ArmException(org.springframework.http.HttpStatus.BAD_REQUEST, "InvalidFilter",
                "The $filter '" + filter + "' is not valid: " + why + ". Use comparisons such as "
                        + "'invoicePeriodEndDate ge 2017-01-01' joined by 'and'; operators eq, lt, gt, le, ge.",
                "$filter");
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final Set<String> allowed;
        private final String filter;
        private int next;

        Parser(List<Token> tokens, Set<String> allowed, String filter) {
            this.tokens = tokens;
            this.allowed = allowed;
            this.filter = filter;
        }

        boolean atEnd() {
            return next >= tokens.size();
        }

        Token peek() {
            return tokens.get(next);
        }

        ArmException error(String why) {
            return invalid(filter, why);
        }

        Token take(String expecting) {
            if (atEnd()) {
                throw error("it ends where " + expecting + " was expected");
            }
            return tokens.get(next++);
        }

        void expression(List<Comparison> out) {
            term(out);
            while (!atEnd() && peek().kind() == Kind.WORD) {
                String word = peek().text().toLowerCase(Locale.ROOT);
                if (word.equals("and")) {
                    next++;
                    term(out);
                } else if (word.equals("or")) {
                    throw error("'or' is not supported");
                } else {
                    throw error("expected 'and' but found '" + peek().text() + "'");
                }
            }
        }

        void term(List<Comparison> out) {
            Token first = take("a comparison");
            if (first.kind() == Kind.OPEN) {
                expression(out);
                Token close = take("')'");
                if (close.kind() != Kind.CLOSE) {
                    throw error("expected ')' but found '" + close.text() + "'");
                }
                return;
            }
            if (first.kind() != Kind.WORD) {
                throw error("expected a field name but found '" + first.text() + "'");
            }
            if (first.text().equalsIgnoreCase("not")) {
                throw error("'not' is not supported");
            }
            String field = allowed.stream().filter(f -> f.equalsIgnoreCase(first.text())).findFirst()
                    .orElseThrow(() -> error("'" + first.text() + "' cannot be filtered on; allowed: "
                            + String.join(", ", allowed)));
            Token op = take("an operator");
            Operator operator;
            try {
                operator = Operator.valueOf(op.text().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                if (op.text().equalsIgnoreCase("ne")) {
                    throw error("'ne' is not supported");
                }
                throw error("'" + op.text() + "' is not an operator (use eq, lt, gt, le or ge)");
            }
            if (op.kind() != Kind.WORD) {
                throw error("expected an operator after '" + first.text() + "'");
            }
            Token value = take("a date");
            if (value.kind() != Kind.WORD && value.kind() != Kind.STRING) {
                throw error("expected a date after '" + op.text() + "'");
            }
            out.add(new Comparison(field, operator, date(value.text())));
        }

        LocalDate date(String text) {
            String day = text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text;
            try {
                return LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw error("'" + text + "' is not a date like 2017-02-01");
            }
        }
    }
}
