package io.meterwise.server.http.commerce;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import io.meterwise.core.time.Granularity;
import io.meterwise.core.usage.UsageAggregateQuery;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.error.ArmException;

/** A validated UsageAggregates query: the reported-time window {@code [reportedStart, reportedEnd)} and the shape. */
record UsageAggregatesRequest(UUID subscriptionId, Instant reportedStart, Instant reportedEnd, Granularity granularity,
        boolean showDetails, Optional<String> continuationToken) {

    /** Longest reported-time window per query (ADR 0009): bounds what one query snapshot has to page through. */
    static final Duration MAX_DAILY_WINDOW = Duration.ofDays(731);
    static final Duration MAX_HOURLY_WINDOW = Duration.ofDays(31);

    static UsageAggregatesRequest parse(UUID subscriptionId, ArmQuery query) {
        Instant start = time(query, "reportedStartTime");
        Instant end = time(query, "reportedEndTime");
        String granularityName = query.optional("aggregationGranularity").orElse("Daily");
        Granularity granularity = Granularity.fromWireName(granularityName)
                .orElseThrow(() -> new ArmException(HttpStatus.BAD_REQUEST, "InvalidAggregationGranularity",
                        "aggregationGranularity must be Daily or Hourly, not '" + granularityName + "'.",
                        "aggregationGranularity"));
        boolean showDetails = query.bool("showDetails", true);
        if (!start.isBefore(end)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidTimeRange",
                    "reportedStartTime (" + start + ") must be before reportedEndTime (" + end + ").",
                    "reportedEndTime");
        }
        aligned(granularity, start, "reportedStartTime");
        aligned(granularity, end, "reportedEndTime");
        Duration max = granularity == Granularity.HOURLY ? MAX_HOURLY_WINDOW : MAX_DAILY_WINDOW;
        if (Duration.between(start, end).compareTo(max) > 0) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "ReportedTimeWindowTooLong",
                    "The reported time window " + start + " to " + end + " is longer than the " + max.toDays()
                            + " days allowed for " + granularity.wireName() + " granularity (one query is one "
                            + "consistent snapshot paged to its end); split it into consecutive windows.",
                    "reportedEndTime");
        }
        return new UsageAggregatesRequest(subscriptionId, start, end, granularity, showDetails,
                query.optional("continuationToken").filter(t -> !t.isEmpty()));
    }

    /** The query without the continuation token, as the usage read port takes it. */
    UsageAggregateQuery query() {
        return new UsageAggregateQuery(subscriptionId, reportedStart, reportedEnd, granularity, showDetails);
    }

    /** Identifies the query a continuation token belongs to: everything but the token. */
    String fingerprint() {
        return query().fingerprint();
    }

    private static void aligned(Granularity granularity, Instant time, String name) {
        if (!granularity.isAligned(time)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidReportedTime",
                    name + " " + time + " is not on a" + (granularity == Granularity.HOURLY ? "n hour" : " UTC midnight")
                            + " boundary; " + granularity.wireName() + " aggregates need times aligned to "
                            + (granularity == Granularity.HOURLY ? "the hour, e.g. 2015-05-01T13:00:00+00:00."
                                    : "UTC midnight, e.g. 2015-05-01T00:00:00+00:00."),
                    name);
        }
    }

    /**
     * An ISO 8601 date-time with {@code Z} or an offset (a time without offset is UTC). A {@code +} that arrived
     * unencoded in the query string decodes to a space; it is taken back as {@code +}.
     */
    static Instant time(ArmQuery query, String name) {
        String raw = query.required(name).trim();
        String text = raw.matches(".*T\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)? \\d\\d:\\d\\d$")
                ? raw.substring(0, raw.length() - 6) + "+" + raw.substring(raw.length() - 5)
                : raw;
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, java.time.OffsetDateTime::from,
                    LocalDateTime::from);
            return parsed instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
                    : ((java.time.OffsetDateTime) parsed).toInstant();
        } catch (DateTimeParseException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidReportedTime",
                    name + " '" + raw + "' is not an ISO 8601 date-time such as 2015-05-01T00:00:00+00:00 or "
                            + "2015-05-01T00:00:00Z.",
                    name);
        }
    }
}
