package io.meterwise.server.export;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code meterwise.exports.*}: {@code root}, the only place Directory destinations write to (default
 * {@code {data-dir}/exports}); {@code rows-per-file} before a partition's next part file; the S3 multipart
 * {@code s3-part-size} (at least 5 MB, as S3 requires) and per-call {@code s3-timeout}; the scheduler switch and how
 * often it looks for due exports; {@code run-lease}, how long an open run stays its server's after the last renewal,
 * and {@code run-lease-renewal}, how often the server renews its leases and sweeps runs whose server is gone (at most
 * half the lease, so one late renewal never loses a run).
 */
@ConfigurationProperties("meterwise.exports")
public record ExportProperties(@Nullable Path root, @DefaultValue("1000000") long rowsPerFile,
        @DefaultValue("8MB") DataSize s3PartSize, @DefaultValue("30s") Duration s3Timeout,
        @DefaultValue("true") boolean schedulerEnabled, @DefaultValue("1m") Duration scheduleInterval,
        @DefaultValue("90s") Duration runLease, @DefaultValue("20s") Duration runLeaseRenewal) {

    public ExportProperties {
        if (rowsPerFile < 1) {
            throw new IllegalArgumentException("meterwise.exports.rows-per-file must be at least 1");
        }
        if (s3PartSize.toBytes() < DataSize.ofMegabytes(5).toBytes()) {
            throw new IllegalArgumentException("meterwise.exports.s3-part-size must be at least 5MB");
        }
        if (runLeaseRenewal.isNegative() || runLeaseRenewal.isZero()
                || runLeaseRenewal.multipliedBy(2).compareTo(runLease) > 0) {
            throw new IllegalArgumentException("meterwise.exports.run-lease-renewal must be positive and at most half "
                    + "of meterwise.exports.run-lease");
        }
    }
}
