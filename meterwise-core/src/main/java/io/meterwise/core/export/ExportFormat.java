package io.meterwise.core.export;

/** File format of an export; CSV may be gzip-compressed, Parquet is always zstd-compressed inside. */
public enum ExportFormat {
    Csv, Parquet
}
