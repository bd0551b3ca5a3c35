package io.meterwise.server.ingest;

import java.util.Locale;

/** The request formats of usage batches. */
public enum UsageFormat {
    NDJSON,
    CSV;

    /** {@code csv} or {@code ndjson}/{@code jsonl}/{@code json}, case-insensitive. */
    public static UsageFormat named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "ndjson", "jsonl", "json" -> NDJSON;
            default -> throw new IllegalArgumentException("unknown format '" + name + "'; use csv or ndjson");
        };
    }
}
