package io.meterwise.server.http.commerce;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.usage.PageCursor;
import io.meterwise.core.usage.ReportedTimeWatermark;
import io.meterwise.core.usage.UsageAggregates;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmMediaTypes;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.RequestUrls;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.paging.ContinuationTokens;

/** {@code UsageAggregates_List} of the Commerce API (2015-06-01-preview); semantics in docs/usage-api.md, ADR 0009. */
@RestController
class UsageAggregatesController {

    static final List<String> API_VERSIONS = List.of("2015-06-01-preview");

    private final Catalog catalog;
    private final UsageAggregates reader;
    private final ContinuationTokens tokens;
    private final ReportedTimeWatermark watermark;

    UsageAggregatesController(Catalog catalog, UsageAggregates reader, ContinuationTokens tokens,
            ReportedTimeWatermark watermark) {
        this.catalog = catalog;
        this.reader = reader;
        this.tokens = tokens;
        this.watermark = watermark;
    }

    @GetMapping("/subscriptions/{subscriptionId}/providers/Microsoft.Commerce/UsageAggregates")
    void list(@PathVariable String subscriptionId, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        MediaType mediaType = ArmMediaTypes.negotiateJson(http);
        ArmQuery query = ArmQuery.of(http);
        ApiVersions.require(query, API_VERSIONS);
        UUID subscription = SubscriptionLookup.existing(catalog, subscriptionId);
        UsageAggregatesRequest request = UsageAggregatesRequest.parse(subscription, query);
        Instant now = watermark.watermark();
        if (request.reportedEnd().isAfter(now)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "ReportedEndTimeInFuture",
                    "reportedEndTime " + request.reportedEnd() + " is later than now (" + now + "). A window must "
                            + "have ended before it is queried, so that usage reported late is returned exactly once "
                            + "across consecutive windows; use an end at or before "
                            + request.granularity().bucketStart(now) + ".",
                    "reportedEndTime");
        }

        Principal principal = http.getUserPrincipal();
        String principalId = principal == null ? "anonymous" : principal.getName();
        String scope = "/subscriptions/" + subscription;
        PageCursor cursor;
        if (request.continuationToken().isPresent()) {
            byte[] payload = tokens.verify(request.continuationToken().get(), principalId, scope,
                    request.fingerprint());
            try {
                cursor = PageCursor.decode(payload);
            } catch (IllegalArgumentException e) {
                throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidContinuationToken",
                        "The continuation token is malformed. Restart the query without continuationToken.",
                        "continuationToken");
            }
        } else {
            cursor = reader.start(request.query()).orElse(null);
        }

        UsageAggregates.Page page = cursor == null ? new UsageAggregates.Page(List.of(),
                java.util.Optional.empty()) : reader.read(request.query(), cursor);
        String nextLink = page.next()
                .map(next -> nextLink(http, tokens.mint(principalId, scope, request.fingerprint(), next.encode())))
                .orElse(null);
        Map<String, Meter> meters = catalog.meters().stream()
                .collect(Collectors.toMap(m -> m.meterId().toString(), Function.identity(), (a, b) -> a));
        byte[] body = UsageAggregatesJson.page(request, meters, page.lines(), nextLink);
        response.setStatus(200);
        response.setContentType(mediaType + ";charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The request's own URL (path and every parameter as sent) with the continuation token replaced. */
    static String nextLink(HttpServletRequest http, String token) {
        StringBuilder url = new StringBuilder(RequestUrls.origin(http)).append(http.getRequestURI()).append('?');
        String queryString = http.getQueryString();
        if (queryString != null) {
            for (String pair : queryString.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !name.equalsIgnoreCase("continuationToken")) {
                    url.append(pair).append('&');
                }
            }
        }
        return url.append("continuationToken=").append(URLEncoder.encode(token, StandardCharsets.UTF_8)).toString();
    }
}
