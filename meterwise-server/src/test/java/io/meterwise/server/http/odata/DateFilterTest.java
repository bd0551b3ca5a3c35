package io.meterwise.server.http.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.meterwise.server.http.error.ArmException;

class DateFilterTest {

    static final Set<String> FIELDS = Set.of("invoicePeriodEndDate", "invoicePeriodStartDate");

    @Test
    void parsesComparisonsJoinedByAndWithParenthesesQuotesAndAnyCase() {
        DateFilter f = DateFilter.parse("(invoiceperiodenddate GE 2017-01-01) and invoicePeriodEndDate lt '2017-03-01'"
                + " and invoicePeriodStartDate le 2017-02-01", FIELDS);

        assertThat(f.comparisons()).containsExactly(
                new DateFilter.Comparison("invoicePeriodEndDate", DateFilter.Operator.GE, LocalDate.of(2017, 1, 1)),
                new DateFilter.Comparison("invoicePeriodEndDate", DateFilter.Operator.LT, LocalDate.of(2017, 3, 1)),
                new DateFilter.Comparison("invoicePeriodStartDate", DateFilter.Operator.LE, LocalDate.of(2017, 2, 1)));
        assertThat(f.matches("invoicePeriodEndDate", LocalDate.of(2017, 1, 1))).isTrue();
        assertThat(f.matches("invoicePeriodEndDate", LocalDate.of(2017, 3, 1))).isFalse();
        assertThat(f.matches("invoicePeriodEndDate", LocalDate.of(2016, 12, 31))).isFalse();
    }

    @Test
    void eachOperatorCompares() {
        LocalDate d = LocalDate.of(2017, 2, 1);
        for (String op : new String[] {"eq", "lt", "gt", "le", "ge"}) {
            DateFilter f = DateFilter.parse("invoicePeriodEndDate " + op + " 2017-02-01", FIELDS);
            boolean before = f.matches("invoicePeriodEndDate", d.minusDays(1));
            boolean same = f.matches("invoicePeriodEndDate", d);
            boolean after = f.matches("invoicePeriodEndDate", d.plusDays(1));
            String seen = (before ? "<" : "") + (same ? "=" : "") + (after ? ">" : "");
            assertThat(seen).as(op).isEqualTo(switch (op) {
                case "eq" -> "=";
                case "lt" -> "<";
                case "gt" -> ">";
                case "le" -> "<=";
                default -> "=>";
            });
        }
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertThat(DateFilter.parse("  ", FIELDS).matches("invoicePeriodEndDate", LocalDate.MIN)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invoicePeriodEndDate ne 2017-01-01", "invoicePeriodEndDate eq 2017-01-01 or "
            + "invoicePeriodEndDate eq 2017-02-01", "not invoicePeriodEndDate eq 2017-01-01", "invoicePeriodEndDate",
            "invoicePeriodEndDate eq", "invoicePeriodEndDate eq 2017-13-01", "total eq 2017-01-01",
            "(invoicePeriodEndDate eq 2017-01-01", "invoicePeriodEndDate eq '2017-01-01", "invoicePeriodEndDate = 1",
            "invoicePeriodEndDate eq 2017-01-01 and", "invoicePeriodEndDate eq 2017-01-01 invoicePeriodEndDate"})
    void refusesWhatItCannotParseWithA400NamingTheFilter(String filter) {
        assertThatThrownBy(() -> DateFilter.parse(filter, FIELDS)).isInstanceOfSatisfying(ArmException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("InvalidFilter");
            assertThat(e.target()).isEqualTo("$filter");
        });
    }
}
