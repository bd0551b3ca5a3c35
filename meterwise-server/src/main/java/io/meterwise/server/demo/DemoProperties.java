package io.meterwise.server.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.demo.*}. The demo cloud is loaded on start when {@code enabled} (or with the
 * command-line flag {@code --demo}). {@code months} full months before the current one plus the month to date are
 * generated; {@code scale} keeps that fraction of the resources (1.0 is about 1.5 million records).
 */
@ConfigurationProperties("meterwise.demo")
record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("20261129") long seed,
        @DefaultValue("3") int months, @DefaultValue("1.0") double scale, @DefaultValue("50000") int batchSize) {

    DemoProperties {
        if (months < 1 || months > 24) {
            throw new IllegalArgumentException("meterwise.demo.months must be between 1 and 24, was " + months);
        }
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("meterwise.demo.scale must be in (0, 1], was " + scale);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("meterwise.demo.batch-size must be positive, was " + batchSize);
        }
    }

    static DemoProperties of(long seed, int months, double scale) {
        return new DemoProperties(true, seed, months, scale, 50_000);
    }
}
