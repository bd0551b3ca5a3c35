package io.meterwise.server.http.odata;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.meterwise.core.limits.Texts;
import io.meterwise.core.time.SupportedTime;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.ODataTokens.Token;

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
        Parser parser = new Parser(ODataTokens.tokenize(filter, why -> invalid(filter, why)), allowedFields, filter);
        List<Comparison> result = new ArrayList<>();
        parser.expression(result);
        if (!parser.atEnd()) {
            throw parser.error("unexpected '" + parser.peek().text() + "'");
        }
        return new DateFilter(result);
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
            while (!atEnd() && peek().kind() == ODataTokens.Kind.WORD) {
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
            if (first.isSymbol("(")) {
                expression(out);
                Token close = take("')'");
                if (!close.isSymbol(")")) {
                    throw error("expected ')' but found '" + close.text() + "'");
                }
                return;
            }
            if (first.kind() != ODataTokens.Kind.WORD) {
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
            if (op.kind() != ODataTokens.Kind.WORD) {
                throw error("expected an operator after '" + first.text() + "'");
            }
            Token value = take("a date");
            if (value.kind() != ODataTokens.Kind.WORD && value.kind() != ODataTokens.Kind.STRING) {
                throw error("expected a date after '" + op.text() + "'");
            }
            out.add(new Comparison(field, operator, date(value.text())));
        }

        LocalDate date(String text) {
            String day = text.length() > 10 && text.charAt(10) == 'T' ? text.substring(0, 10) : text;
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw error("'" + Texts.shorten(text) + "' is not a date like 2017-02-01");
            }
            if (!SupportedTime.contains(YearMonth.from(date))) {
                throw error("'" + Texts.shorten(text) + "' is outside the supported dates 2000-01-01 to 2199-12-31");
            }
            return date;
        }
    }
}
