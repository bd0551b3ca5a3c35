package io.meterwise.server.http.ratecard;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferTerm;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmMediaTypes;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code RateCard_Get} of the Commerce API: the offer terms and the meter prices in force now for an offer, currency
 * and country of purchase, exactly the prices the rating engine applies (docs/ratecard-api.md).
 */
@RestController
class RateCardController {

    static final List<String> API_VERSIONS = List.of("2015-06-01-preview", "2016-08-31-preview");
    private static final JsonFactory JSON = new JsonFactory();

    private final Catalog catalog;
    private final Clock clock;

    RateCardController(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping("/subscriptions/{subscriptionId}/providers/Microsoft.Commerce/RateCard")
    void get(@PathVariable String subscriptionId, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        MediaType mediaType = ArmMediaTypes.negotiateJson(http);
        ArmQuery query = ArmQuery.of(http);
        ApiVersions.require(query, API_VERSIONS);
        SubscriptionLookup.require(catalog, subscriptionId);
        RateCardFilter filter = RateCardFilter.parse(query.required("$filter"));
        Offer offer = catalog.offer(filter.offerDurableId()).orElseThrow(() -> new ArmException(HttpStatus.NOT_FOUND,
                "OfferNotFound", "The offer '" + filter.offerDurableId() + "' does not exist.", "$filter"));
        if (!offer.type().publishesRateCard()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "EnterpriseAgreementNotSupported",
                    "Rate cards of Enterprise Agreement offers (" + offer.durableId() + ") are not available through "
                            + "the RateCard API; EA prices are those of the enrollment's price sheet, which the "
                            + "enrollment administrator gets from the EA portal (or the Meterwise operator).",
                    "$filter");
        }
        PriceList priceList = catalog.priceList(filter.priceListKey()).orElseThrow(() -> new ArmException(
                HttpStatus.NOT_FOUND, "PriceListNotFound",
                "No prices are published for offer " + offer.durableId() + " in currency "
                        + filter.currency().getCurrencyCode() + " and RegionInfo " + filter.regionInfo() + ".",
                "$filter"));

        Instant now = clock.instant();
        List<MeterLine> lines = new ArrayList<>();
        for (UUID meterId : priceList.meterIds()) {
            var price = priceList.priceAt(meterId, now);
            var meter = catalog.meter(meterId);
            if (price.isPresent() && meter.isPresent()) {
                lines.add(new MeterLine(meter.get(), price.get()));
            }
        }
        lines.sort(Comparator.comparing((MeterLine l) -> l.meter().category())
                .thenComparing(l -> l.meter().subCategory()).thenComparing(l -> l.meter().name())
                .thenComparing(l -> l.meter().meterId()));

        response.setStatus(200);
        response.setContentType(mediaType + ";charset=UTF-8");
        try (JsonGenerator out = JSON.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeName("OfferTerms");
            out.writeStartArray();
            for (OfferTerm term : offer.termsIn(filter.currency())) {
                writeTerm(out, term);
            }
            out.writeEndArray();
            out.writeName("Meters");
            out.writeStartArray();
            for (MeterLine line : lines) {
                writeMeter(out, line);
            }
            out.writeEndArray();
            out.writeStringProperty("Currency", filter.currency().getCurrencyCode());
            out.writeStringProperty("Locale", filter.locale());
            out.writeBooleanProperty("IsTaxIncluded", false);
            out.writeEndObject();
        }
    }

    private record MeterLine(Meter meter, MeterPrice price) {
    }

    private static void writeMeter(JsonGenerator out, MeterLine line) {
        Meter meter = line.meter();
        out.writeStartObject();
        out.writeStringProperty("MeterId", meter.meterId().toString());
        out.writeStringProperty("MeterName", meter.name());
        out.writeStringProperty("MeterCategory", meter.category());
        out.writeStringProperty("MeterSubCategory", meter.subCategory());
        out.writeStringProperty("Unit", meter.unit());
        out.writeName("MeterTags");
        out.writeStartArray();
        for (String tag : meter.tags()) {
            out.writeString(tag);
        }
        out.writeEndArray();
        out.writeStringProperty("MeterRegion", meter.region());
        out.writeName("MeterRates");
        writeDecimalMap(out, line.price().tiers());
        out.writeStringProperty("EffectiveDate", date(line.price().effectiveFrom()));
        out.writeName("IncludedQuantity");
        out.writeNumber(plain(line.price().includedQuantity()));
        out.writeEndObject();
    }

    private static void writeTerm(JsonGenerator out, OfferTerm term) {
        out.writeStartObject();
        out.writeStringProperty("Name", term.name());
        out.writeStringProperty("EffectiveDate", date(term.effectiveDate()));
        if (term instanceof OfferTerm.MonetaryCredit credit) {
            out.writeName("Credit");
            out.writeNumber(plain(credit.credit().amount()));
            writeMeterIds(out, credit.excludedMeterIds());
        } else if (term instanceof OfferTerm.MonetaryCommitment commitment) {
            out.writeName("TieredDiscount");
            writeDecimalMap(out, commitment.tieredDiscount());
            writeMeterIds(out, commitment.excludedMeterIds());
        } else if (term instanceof OfferTerm.RecurringCharge charge) {
            out.writeName("RecurringCharge");
            out.writeNumber(plain(charge.charge().amount()));
        }
        out.writeEndObject();
    }

    private static void writeMeterIds(JsonGenerator out, java.util.Set<UUID> ids) {
        out.writeName("ExcludedMeterIds");
        out.writeStartArray();
        for (UUID id : ids.stream().sorted().toList()) {
            out.writeString(id.toString());
        }
        out.writeEndArray();
    }

    private static void writeDecimalMap(JsonGenerator out, Map<BigDecimal, BigDecimal> map) {
        out.writeStartObject();
        for (var e : map.entrySet()) {
            out.writeName(plain(e.getKey()));
            out.writeNumber(plain(e.getValue()));
        }
        out.writeEndObject();
    }

    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
