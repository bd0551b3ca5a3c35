package io.meterwise.server.http.odata;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpStatus;

import io.meterwise.server.http.error.ArmException;

/**
 * An OData {@code $filter} of comparisons {@code field op value} joined by {@code and}, as the Consumption and Cost
 * Management list APIs accept: {@code properties/usageStart ge '2026-03-01' and tags eq 'env:prod'}. Fields may hold
 * {@code /}; operators {@code eq lt gt le ge}; values quoted or bare. {@code or}, {@code not} and {@code ne} are
 * refused by name. What a value means is the caller's business.
 */
public record AndFilter(List<Term> terms) {

    public record Term(String field, String operator, String value) {
    }

    private static final Set<String> OPERATORS = Set.of("eq", "lt", "gt", "le", "ge");

    public static AndFilter parse(String filter, Set<String> allowedFields, String example) {
        List<Term> terms = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return new AndFilter(terms);
        }
        List<ODataTokens.Token> tokens = ODataTokens.tokenize(filter, why -> invalid(filter, why, example));
        int i = 0;
        while (true) {
            while (i < tokens.size() && tokens.get(i).isSymbol("(")) {
                i++;
            }
            if (i >= tokens.size() || tokens.get(i).kind() != ODataTokens.Kind.WORD) {
                throw invalid(filter, "expected a field name" + at(tokens, i), example);
            }
            StringBuilder field = new StringBuilder(tokens.get(i++).text());
            while (i + 1 < tokens.size() && tokens.get(i).isSymbol("/")
                    && tokens.get(i + 1).kind() == ODataTokens.Kind.WORD) {
                field.append('/').append(tokens.get(i + 1).text());
                i += 2;
            }
            if (field.toString().equalsIgnoreCase("not")) {
                throw invalid(filter, "'not' is not supported", example);
            }
            String name = allowedFields.stream().filter(f -> f.equalsIgnoreCase(field.toString())).findFirst()
                    .orElseThrow(() -> invalid(filter, "'" + field + "' cannot be filtered on; allowed: "
                            + String.join(", ", allowedFields.stream().sorted().toList()), example));
            if (i >= tokens.size() || tokens.get(i).kind() != ODataTokens.Kind.WORD
                    || !OPERATORS.contains(tokens.get(i).text().toLowerCase(Locale.ROOT))) {
                throw invalid(filter, "expected an operator (eq, lt, gt, le, ge)" + at(tokens, i), example);
            }
            String operator = tokens.get(i++).text().toLowerCase(Locale.ROOT);
            if (i >= tokens.size() || tokens.get(i).kind() == ODataTokens.Kind.SYMBOL) {
                throw invalid(filter, "expected a value after '" + operator + "'", example);
            }
            terms.add(new Term(name, operator, tokens.get(i++).text()));
            while (i < tokens.size() && tokens.get(i).isSymbol(")")) {
                i++;
            }
            if (i >= tokens.size()) {
                return new AndFilter(terms);
            }
            if (tokens.get(i).isWord("and")) {
                i++;
            } else if (tokens.get(i).isWord("or")) {
                throw invalid(filter, "'or' is not supported", example);
            } else {
                throw invalid(filter, "expected 'and'" + at(tokens, i), example);
            }
        }
    }

    public List<Term> on(String field) {
        return terms.stream().filter(t -> t.field().equals(field)).toList();
    }

    public static ArmException invalid(String filter, String why, String example) {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidFilter", "The $filter '" + filter
                + "' is not valid: " + why + ". Example: " + example + ".", "$filter");
    }

    private static String at(List<ODataTokens.Token> tokens, int i) {
        return i < tokens.size() ? " but found " + tokens.get(i).describe() : " but the filter ends";
    }
}
