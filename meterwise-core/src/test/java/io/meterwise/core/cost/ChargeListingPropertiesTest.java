package io.meterwise.core.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Listing charges page by page, each page resumed from a cursor (ADR 0049), gives exactly the charges of one full
 * listing, in the same order and with the same listed costs, on dense tiered usage with mid-month price versions and
 * many records starting together (pages end inside blocks and tier lines), for random page sizes, windows and filters.
 */
class ChargeListingPropertiesTest {

    @Property(tries = 150)
    void pagesResumedFromCursorsEqualOneFullListing(@ForAll long seed) {
        BucketPricingPropertiesTest.World w = BucketPricingPropertiesTest.world(seed);
        Random r = new Random(seed ^ 0x2545F4914F6CDD1DL);
        Instant march = CostQueryAggregationPropertiesTest.MARCH.start();
        Instant from = r.nextBoolean() ? march : march.plus(r.nextInt(6), ChronoUnit.DAYS).plus(r.nextInt(24),
                ChronoUnit.HOURS);
        Instant to = r.nextBoolean() ? CostQueryAggregationPropertiesTest.MARCH.end() : from.plus(1 + r.nextInt(5),
                ChronoUnit.DAYS);
        Predicate<Charge> keep = switch (r.nextInt(3)) {
            case 0 -> c -> true;
            case 1 -> c -> c.resourceUri().contains("/web/");
            default -> c -> c.quantity().signum() > 0 && !c.location().equals("westus");
        };
        List<Charge> full = new ArrayList<>();
        w.queries().charges(BucketPricingPropertiesTest.SUB, null, from, to, null, c -> {
            if (keep.test(c)) {
                full.add(c);
            }
        });

        int size = 1 + r.nextInt(12);
        long upTo = w.queries().position();
        List<Charge> paged = new ArrayList<>();
        CostQueries.Cursor[] cursor = {null};
        boolean more = true;
        int pages = 0;
        while (more) {
            List<Charge> page = new ArrayList<>();
            more = w.queries().list(BucketPricingPropertiesTest.SUB, from, to, keep, upTo, cursor[0], size,
                    (c, next) -> {
                        page.add(c);
                        cursor[0] = next;
                    });
            assertThat(page.size()).isLessThanOrEqualTo(size);
            if (more) {
                assertThat(page).hasSize(size);
            }
            paged.addAll(page);
            assertThat(++pages).isLessThanOrEqualTo(full.size() / size + 1);
        }
        assertThat(paged).isEqualTo(full);
    }
}
