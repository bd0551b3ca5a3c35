package io.meterwise.server.http.retail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.catalog.ProductAttributes;
import io.meterwise.core.retail.RetailPriceRow;
import io.meterwise.core.retail.RetailPriceSheet;
import io.meterwise.server.http.ArmMediaTypes;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.RequestUrls;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * {@code GET /api/retail/prices}, compatible with Azure's public Retail Prices API: the operator's pay-as-you-go list
 * prices, one item per meter, price version and tier (docs/estimates.md, ADR 0031). Public like Azure's (no token),
 * limited per client address.
 */
@RestController
class RetailPricesController {

    static final List<String> API_VERSIONS = List.of("2021-10-01-preview", "2023-01-01-preview");
    private static final JsonFactory JSON = new JsonFactory();

    private final Catalog catalog;
    private final RetailPricesProperties properties;
    private final ClientRateLimiter limiter;

    RetailPricesController(Catalog catalog, RetailPricesProperties properties, Clock clock) {
        this.catalog = catalog;
        this.properties = properties;
        this.limiter = new ClientRateLimiter(properties.requestsPerWindow(), properties.window(), clock);
    }

    @GetMapping("/api/retail/prices")
    void get(HttpServletRequest http, HttpServletResponse response) throws IOException {
        OptionalLong retryAfter = limiter.acquire(http.getRemoteAddr());
        if (retryAfter.isPresent()) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.getAsLong()));
            throw new ArmException(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests", "Too many requests from this "
                    + "address; retry after " + retryAfter.getAsLong() + " seconds.");
        }
        MediaType mediaType = ArmMediaTypes.negotiateJson(http);
        ArmQuery query = ArmQuery.of(http);
        query.optional("api-version").filter(v -> !API_VERSIONS.contains(v)).ifPresent(v -> {
            throw ArmException.badRequest("InvalidApiVersionParameter", "The api-version '" + v
                    + "' is invalid. The supported versions are " + API_VERSIONS + ".");
        });
        Currency currency = currency(query.optional("currencyCode").orElse("USD"));
        boolean primaryOnly = meterRegion(query);
        Predicate<RetailPriceRow> filter = RetailFilter.parse(query.optional("$filter"));
        int skip = skip(query);
        PriceList priceList = RetailPriceSheet.priceList(catalog, properties.offer(), currency).orElseThrow(() -> new ArmException(
                HttpStatus.BAD_REQUEST, "InvalidCurrency", "No prices are published in currency '"
                        + currency.getCurrencyCode() + "'; the currencies are " + currencies() + ".", "currencyCode"));

        List<RetailPriceRow> matching = RetailPriceSheet.rows(catalog, priceList).stream()
                .filter(r -> !primaryOnly || r.meter().product().primaryMeterRegion()).filter(filter).toList();
        int from = Math.min(skip, matching.size());
        int to = Math.min(from + properties.pageSize(), matching.size());
        List<RetailPriceRow> page = matching.subList(from, to);

        response.setStatus(200);
        response.setContentType(mediaType + ";charset=UTF-8");
        try (JsonGenerator out = JSON.createGenerator(response.getOutputStream())) {
            out.writeStartObject();
            out.writeStringProperty("BillingCurrency", currency.getCurrencyCode());
            out.writeStringProperty("CustomerEntityId", "Default");
            out.writeStringProperty("CustomerEntityType", "Retail");
            out.writeName("Items");
            out.writeStartArray();
            for (RetailPriceRow row : page) {
                writeItem(out, row);
            }
            out.writeEndArray();
            if (to < matching.size()) {
                out.writeStringProperty("NextPageLink", nextPageLink(http, to));
            } else {
                out.writeNullProperty("NextPageLink");
            }
            out.writeNumberProperty("Count", page.size());
            out.writeEndObject();
        }
    }

    private static void writeItem(JsonGenerator out, RetailPriceRow row) {
        Meter meter = row.meter();
        ProductAttributes p = meter.product();
        out.writeStartObject();
        out.writeStringProperty("currencyCode", row.currency().getCurrencyCode());
        number(out, "tierMinimumUnits", row.tierMinimumUnits());
        number(out, "retailPrice", row.unitPrice());
        number(out, "unitPrice", row.unitPrice());
        out.writeStringProperty("armRegionName", p.armRegionName());
        out.writeStringProperty("location", meter.region());
        out.writeStringProperty("effectiveStartDate", date(row.effectiveStart()));
        if (row.effectiveEnd().isPresent()) {
            out.writeStringProperty("effectiveEndDate", date(row.effectiveEnd().get()));
        }
        out.writeStringProperty("meterId", meter.meterId().toString());
        out.writeStringProperty("meterName", meter.name());
        out.writeStringProperty("productId", p.productId());
        out.writeStringProperty("skuId", p.skuId());
        out.writeStringProperty("productName", p.productName());
        out.writeStringProperty("skuName", p.skuName());
        out.writeStringProperty("serviceName", p.serviceName());
        out.writeStringProperty("serviceId", p.serviceId());
        out.writeStringProperty("serviceFamily", p.serviceFamily());
        out.writeStringProperty("unitOfMeasure", meter.unit());
        out.writeStringProperty("type", RetailFilter.type(p));
        out.writeBooleanProperty("isPrimaryMeterRegion", p.primaryMeterRegion());
        out.writeStringProperty("armSkuName", p.armSkuName());
        out.writeEndObject();
    }

    private static void number(JsonGenerator out, String name, BigDecimal value) {
        out.writeName(name);
        out.writeNumber(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
    }

    private static String date(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private Currency currency(String code) {
        try {
            return Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidCurrency", "'" + code + "' is not an ISO 4217 "
                    + "currency code; the currencies are " + currencies() + ".", "currencyCode");
        }
    }

    private List<String> currencies() {
        return catalog.priceListKeys().stream().map(k -> k.currency().getCurrencyCode()).distinct().sorted()
                .filter(c -> RetailPriceSheet.priceList(catalog, properties.offer(), Currency.getInstance(c)).isPresent()).toList();
    }

    /** {@code meterRegion='primary'}: only meters listed in their primary region. */
    private static boolean meterRegion(ArmQuery query) {
        var value = query.optional("meterRegion");
        if (value.isEmpty()) {
            return false;
        }
        String v = value.get().strip();
        if (v.equalsIgnoreCase("'primary'") || v.equalsIgnoreCase("primary")) {
            return true;
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidParameter", "meterRegion must be 'primary', was '"
                + value.get() + "'.", "meterRegion");
    }

    private static int skip(ArmQuery query) {
        String value = query.optional("$skip").orElse("0").strip();
        try {
            int skip = Integer.parseInt(value);
            if (skip >= 0) {
                return skip;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidParameter", "$skip must be a whole number of items, "
                + "0 or more, was '" + value + "'.", "$skip");
    }

    private static String nextPageLink(HttpServletRequest http, int skip) {
        StringBuilder url = new StringBuilder(RequestUrls.origin(http)).append(http.getRequestURI());
        char separator = '?';
        for (var e : http.getParameterMap().entrySet()) {
            if (e.getKey().equalsIgnoreCase("$skip")) {
                continue;
            }
            url.append(separator).append(encode(e.getKey())).append('=').append(encode(e.getValue()[0]));
            separator = '&';
        }
        return url.append(separator).append("$skip=").append(skip).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$")
                .replace("%27", "'");
    }
}
