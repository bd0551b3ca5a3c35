package io.meterwise.server.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FingerprintFilterTest {

    @Test
    void everyAddedFingerprintMayBeStoredAndFewOthersDo() {
        FingerprintFilter.Sizing sizing = FingerprintFilter.Sizing.DEFAULT;
        FingerprintFilter filter = new FingerprintFilter(sizing.capacityFor(200_000), sizing);
        SplittableRandom random = new SplittableRandom(40);
        long[] added = new long[200_000];
        for (int i = 0; i < added.length; i++) {
            added[i] = random.nextLong() >>> 4;
            filter.add(added[i]);
        }

        for (long fingerprint : added) {
            assertThat(filter.mightContain(fingerprint)).isTrue();
        }
        int falsePositives = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (filter.mightContain(random.nextLong() >>> 4)) {
                falsePositives++;
            }
        }
        // about 1e-7 expected at this fill
        assertThat(falsePositives).isLessThanOrEqualTo(5);
        assertThat(filter.full()).isFalse();
        assertThat(filter.bytes()).isEqualTo(sizing.capacityFor(200_000) * 3);
    }

    @Test
    void isFullOncePastItsCapacity() {
        FingerprintFilter filter = new FingerprintFilter(2, FingerprintFilter.Sizing.DEFAULT);
        filter.add(1);
        filter.add(2);
        assertThat(filter.full()).isFalse();
        filter.add(3);
        assertThat(filter.full()).isTrue();
    }
}
