package io.meterwise.server.http.ratecard;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;

import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.ODataTokens;
import io.meterwise.server.http.odata.ODataTokens.Token;

/**
 * The RateCard {@code $filter}: an OData subset of {@code Field eq 'value'} clauses joined by {@code and}, naming each
 * of {@code OfferDurableId}, {@code Currency}, {@code Locale} and {@code RegionInfo} exactly once. Field names and the
 * two operators are case-insensitive; values are single-quoted with {@code ''} for a quote. Anything else is a 400
 * {@code InvalidFilter} saying what is wrong and at which (1-based) position.
 */
record RateCardFilter(String offerDurableId, Currency currency, String locale, String regionInfo) {

    static final List<String> FIELDS = List.of("OfferDurableId", "Currency", "Locale", "RegionInfo");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    PriceListKey priceListKey() {
        return new PriceListKey(offerDurableId, currency, regionInfo);
    }

    static RateCardFilter parse(String filter) {
        return new Parser(ODataTokens.tokenize(filter, RateCardFilter::invalid), filter.length()).filter();
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final int length;
        private int next;
        private final Map<String, Token> values = new LinkedHashMap<>();

        Parser(List<Token> tokens, int length) {
            this.tokens = tokens;
            this.length = length;
        }

        RateCardFilter filter() {
            if (tokens.isEmpty()) {
                throw invalid("the filter is empty; expected " + example());
            }
            clause();
            while (next < tokens.size()) {
                Token t = tokens.get(next++);
                if (!t.isWord("and")) {
                    throw invalid(t.describe() + " at position " + t.position() + " is not supported here; clauses "
                            + "can only be joined with 'and' (or, not and parentheses are not supported)");
                }
                clause();
            }
            for (String field : FIELDS) {
                if (!values.containsKey(field)) {
                    throw invalid("the filter must name " + field + "; expected " + example());
                }
            }
            return build();
        }

        private void clause() {
            Token field = take("a field name (" + String.join(", ", FIELDS) + ")");
            if (field.kind() != ODataTokens.Kind.WORD) {
                throw invalid("expected a field name at position " + field.position() + " but found "
                        + field.describe() + (field.text().equals("(") ? "; parentheses are not supported" : ""));
            }
            String canonical = FIELDS.stream().filter(f -> f.equalsIgnoreCase(field.text())).findFirst()
                    .orElseThrow(() -> invalid("unknown field '" + field.text() + "' at position " + field.position()
                            + "; the fields are " + String.join(", ", FIELDS)));
            Token operator = take("'eq' after " + canonical);
            if (!operator.isWord("eq")) {
                throw invalid("operator " + operator.describe() + " at position " + operator.position()
                        + " is not supported; only 'eq' is (with 'and' between clauses)");
            }
            Token value = take("a quoted value for " + canonical);
            if (value.kind() != ODataTokens.Kind.STRING) {
                throw invalid("the value of " + canonical + " at position " + value.position()
                        + " must be in single quotes, e.g. " + canonical + " eq '" + value.text() + "'");
            }
            if (values.putIfAbsent(canonical, value) != null) {
                throw invalid(canonical + " is given twice (again at position " + field.position() + ")");
            }
        }

        private Token take(String expected) {
            if (next >= tokens.size()) {
                throw invalid("the filter ends at position " + (length + 1) + " where " + expected + " was expected");
            }
            return tokens.get(next++);
        }

        private RateCardFilter build() {
            Token offer = values.get("OfferDurableId");
            String offerId;
            try {
                offerId = Offer.normalizeDurableId(offer.text());
            } catch (IllegalArgumentException e) {
                throw invalid("OfferDurableId '" + offer.text() + "' at position " + offer.position()
                        + " does not match MS-AZR-NNNNP (e.g. MS-AZR-0003P)");
            }
            Token currencyToken = values.get("Currency");
            Currency currency;
            try {
                String code = currencyToken.text().trim().toUpperCase(Locale.ROOT);
                if (!code.matches("[A-Z]{3}")) {
                    throw new IllegalArgumentException();
                }
                currency = Currency.getInstance(code);
            } catch (IllegalArgumentException e) {
                throw invalid("Currency '" + currencyToken.text() + "' at position " + currencyToken.position()
                        + " is not an ISO 4217 currency code such as USD");
            }
            Token locale = values.get("Locale");
            if (!LOCALE.matcher(locale.text()).matches()) {
                throw invalid("Locale '" + locale.text() + "' at position " + locale.position()
                        + " is not a language tag such as en-US");
            }
            Token region = values.get("RegionInfo");
            String regionInfo;
            try {
                regionInfo = PriceListKey.normalizeRegionInfo(region.text());
            } catch (IllegalArgumentException e) {
                throw invalid("RegionInfo '" + region.text() + "' at position " + region.position()
                        + " is not a 2-letter ISO 3166 country code such as US");
            }
            return new RateCardFilter(offerId, currency, locale.text(), regionInfo);
        }

        private static String example() {
            return "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'";
        }
    }

    private static ArmException invalid(String why) {
        return new ArmException(HttpStatus.BAD_REQUEST, "InvalidFilter", "Invalid $filter: " + why + ".", "$filter");
    }
}
