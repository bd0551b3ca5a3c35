package io.meterwise.core.notify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Alert notices for tests. */
final class Notices {

    private Notices() {
    }

    static AlertNotice notice(String id, List<String> emails, List<String> groups) {
        return new AlertNotice(id, "/subscriptions/3c1d2e4f-0000-4000-8000-0000000000b1/resourceGroups/web",
                "monthly-web", AlertNotice.Kind.COST, "Actual", "GreaterThanOrEqualTo", new BigDecimal("90"),
                new BigDecimal("1000.00"), new BigDecimal("912.345"), "EUR", LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"), Instant.parse("2026-10-20T13:45:00Z"), emails, groups, List.of(),
                "de-de");
    }
}
