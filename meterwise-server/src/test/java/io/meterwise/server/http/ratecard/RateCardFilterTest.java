package io.meterwise.server.http.ratecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterwise.server.http.error.ArmException;

class RateCardFilterTest {

    @Test
    void parsesTheDocumentedFilter() {
        RateCardFilter f = RateCardFilter.parse(
                "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'");
        assertThat(f.offerDurableId()).isEqualTo("MS-AZR-0003P");
        assertThat(f.currency().getCurrencyCode()).isEqualTo("USD");
        assertThat(f.locale()).isEqualTo("en-US");
        assertThat(f.regionInfo()).isEqualTo("US");
    }

    @Test
    void namesAndOperatorsAreCaseInsensitiveAndOrderIsFree() {
        RateCardFilter f = RateCardFilter.parse(
                "  regioninfo EQ 'gb' AND currency eq 'eur'   and LOCALE eq 'de-DE' and offerdurableid eq 'ms-azr-0003p'");
        assertThat(f.offerDurableId()).isEqualTo("MS-AZR-0003P");
        assertThat(f.currency().getCurrencyCode()).isEqualTo("EUR");
        assertThat(f.locale()).isEqualTo("de-DE");
        assertThat(f.regionInfo()).isEqualTo("GB");
    }

    @Test
    void doubledQuoteEscapesAQuote() {
        var tokens = io.meterwise.server.http.odata.ODataTokens.tokenize("Locale eq 'it''s'",
                why -> io.meterwise.server.http.error.ArmException.badRequest("InvalidFilter", why));
        assertThat(tokens).hasSize(3);
        assertThat(tokens.get(2).text()).isEqualTo("it's");
        assertThat(tokens.get(2).position()).isEqualTo(11);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "OfferDurableId eq 'MS-AZR-0003P' or Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'|'or' at position 34",
        "OfferDurableId ne 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'|operator 'ne' at position 16",
        "(OfferDurableId eq 'MS-AZR-0003P') and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'|parentheses are not supported",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and Region eq 'US'|unknown field 'Region' at position 82",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Currency eq 'EUR' and Locale eq 'en-US' and RegionInfo eq 'US'|Currency is given twice (again at position 60)",
        "OfferDurableId eq MS-AZR-0003P and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'|must be in single quotes",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US' garbage|'garbage' at position 101",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US'|the filter must name RegionInfo",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq|ends at position 95",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US|is not closed",
        "OfferDurableId eq 'AZR-3' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'|does not match MS-AZR-NNNNP",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'DOLLARS' and Locale eq 'en-US' and RegionInfo eq 'US'|not an ISO 4217",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en_US!' and RegionInfo eq 'US'|not a language tag",
        "OfferDurableId eq 'MS-AZR-0003P' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'USA'|2-letter ISO 3166",
        "'x'|expected a field name at position 1",
    })
    void refusesAnythingElseSayingWhatAndWhere(String filter, String expected) {
        assertThatThrownBy(() -> RateCardFilter.parse(filter)).isInstanceOfSatisfying(ArmException.class, e -> {
            assertThat(e.code()).isEqualTo("InvalidFilter");
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.getMessage()).contains(expected);
        });
    }

    @Test
    void emptyFilter() {
        assertThatThrownBy(() -> RateCardFilter.parse("   ")).isInstanceOfSatisfying(ArmException.class,
                e -> assertThat(e.getMessage()).contains("empty"));
    }
}
