package io.meterwise.server.http.retail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.http.HttpStatus;

import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.retail.RetailPriceRow;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.ODataTokens;
import io.meterwise.server.http.odata.ODataTokens.Token;

/**
 * The Retail Prices {@code $filter}: {@code field eq 'value'} clauses combined with {@code and}, {@code or} and
 * parentheses ({@code and} binds tighter). Field names are case-insensitive; values compare exactly (case-sensitive),
 * as in Azure's API since 2021-10-01-preview. Anything else is a 400 {@code InvalidFilter} naming the position.
 */
final class RetailFilter {

    private static final Map<String, Function<RetailPriceRow, String>> FIELDS = fields();

    private RetailFilter() {
    }

    private static Map<String, Function<RetailPriceRow, String>> fields() {
        Map<String, Function<RetailPriceRow, String>> f = new java.util.LinkedHashMap<>();
        f.put("serviceName", r -> r.meter().product().serviceName());
        f.put("serviceFamily", r -> r.meter().product().serviceFamily());
        f.put("serviceId", r -> r.meter().product().serviceId());
        f.put("armRegionName", r -> r.meter().product().armRegionName());
        f.put("location", r -> r.meter().region());
        f.put("meterId", r -> r.meter().meterId().toString());
        f.put("meterName", r -> r.meter().name());
        f.put("productId", r -> r.meter().product().productId());
        f.put("skuId", r -> r.meter().product().skuId());
        f.put("productName", r -> r.meter().product().productName());
        f.put("skuName", r -> r.meter().product().skuName());
        f.put("armSkuName", r -> r.meter().product().armSkuName());
        f.put("priceType", r -> type(r.meter().product()));
        f.put("type", r -> type(r.meter().product()));
        f.put("unitOfMeasure", r -> r.meter().unit());
        return Map.copyOf(f);
    }

    /** Meters priced in a pay-as-you-go list without a stated type are Consumption meters. */
    static String type(ProductAttributes product) {
        return product.type().isEmpty() ? "Consumption" : product.type();
    }

    /** A predicate over rows; an absent or blank filter matches every row. */
    static Predicate<RetailPriceRow> parse(Optional<String> filter) {
        if (filter.isEmpty() || filter.get().isBlank()) {
            return r -> true;
        }
        Parser parser = new Parser(ODataTokens.tokenize(filter.get(), RetailFilter::invalid));
        Predicate<RetailPriceRow> result = parser.or();
        if (parser.next < parser.tokens.size()) {
            Token t = parser.tokens.get(parser.next);
            throw invalid(t.describe() + " at position " + t.position() + " was not expected; join clauses with "
                    + "'and' or 'or'");
        }
        return result;
    }

    static ArmException invalid(String reason) {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidFilter", "Invalid $filter: " + reason
                + ". Example: serviceName eq 'Virtual Machines' and armRegionName eq 'westeurope'.", "$filter");
    }

    private static final class Parser {
        private final List<Token> tokens;
        private int next;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        Predicate<RetailPriceRow> or() {
            List<Predicate<RetailPriceRow>> any = new ArrayList<>();
            any.add(and());
            while (next < tokens.size() && tokens.get(next).isWord("or")) {
                next++;
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : r -> any.stream().anyMatch(p -> p.test(r));
        }

        private Predicate<RetailPriceRow> and() {
            List<Predicate<RetailPriceRow>> all = new ArrayList<>();
            all.add(clause());
            while (next < tokens.size() && tokens.get(next).isWord("and")) {
                next++;
                all.add(clause());
            }
            return all.size() == 1 ? all.get(0) : r -> all.stream().allMatch(p -> p.test(r));
        }

        private Predicate<RetailPriceRow> clause() {
            Token first = take("a field name or '('");
            if (first.isSymbol("(")) {
                Predicate<RetailPriceRow> inner = or();
                Token close = take("')'");
                if (!close.isSymbol(")")) {
                    throw invalid("expected ')' at position " + close.position() + " but found " + close.describe());
                }
                return inner;
            }
            if (first.kind() != ODataTokens.Kind.WORD) {
                throw invalid("expected a field name at position " + first.position() + " but found "
                        + first.describe());
            }
            if (first.text().equalsIgnoreCase("currencyCode")) {
                throw invalid("currencyCode is not a filter field; give it as the query parameter currencyCode=EUR");
            }
            var field = FIELDS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(first.text())).findFirst()
                    .orElseThrow(() -> invalid("unknown field '" + first.text() + "' at position " + first.position()
                            + "; the fields are " + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet()))));
            Token operator = take("'eq' after " + field.getKey());
            if (!operator.isWord("eq")) {
                throw invalid("operator " + operator.describe() + " at position " + operator.position()
                        + " is not supported; only 'eq' is");
            }
            Token value = take("a quoted value after 'eq'");
            if (value.kind() != ODataTokens.Kind.STRING) {
                throw invalid("expected a quoted value like 'westeurope' at position " + value.position()
                        + " but found " + value.describe());
            }
            Function<RetailPriceRow, String> getter = field.getValue();
            String expected = value.text();
            return r -> getter.apply(r).equals(expected);
        }

        private Token take(String expected) {
            if (next >= tokens.size()) {
                throw invalid("the filter ends where " + expected + " was expected");
            }
            return tokens.get(next++);
        }
    }
}
