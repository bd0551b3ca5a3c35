package io.meterwise.server.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.cost.ChargeAllocator;
import io.meterwise.core.export.Granularity;
import io.meterwise.core.focus.FocusColumn;
import io.meterwise.core.focus.FocusRow;

/**
 * The rows of an ActualCost or Usage export summed per day or month (ADR 0046): charges whose exported values are all
 * equal, apart from the amounts, and whose charge period starts on the same UTC day (month) make one row. Quantity,
 * CostInBillingCurrency and PaygCostInBillingCurrency are sums of the charges' exact listed amounts, so the file still
 * adds up to the invoice; EffectivePrice is the summed cost over the summed quantity; with {@code Monthly} the Date
 * column is the month's first day. Groups keep the order of their first charge.
 */
final class ExportGroups {

    private static final String QUANTITY = "Quantity";
    private static final String COST = "CostInBillingCurrency";
    private static final String LIST_COST = "PaygCostInBillingCurrency";
    private static final String EFFECTIVE_PRICE = "EffectivePrice";
    private static final String DATE = "Date";

    /** One summed row. */
    static final class Group {
        private final Object[] first;
        private @Nullable BigDecimal quantity;
        private BigDecimal cost = BigDecimal.ZERO;
        private @Nullable BigDecimal listCost;
        private final ExportGroups of;

        Group(ExportGroups of, Object[] first) {
            this.of = of;
            this.first = first;
        }

        void add(FocusRow row) {
            quantity = plus(quantity, (BigDecimal) row.get(FocusColumn.ConsumedQuantity));
            BigDecimal c = (BigDecimal) row.get(FocusColumn.BilledCost);
            cost = c == null ? cost : cost.add(c);
            listCost = plus(listCost, (BigDecimal) row.get(FocusColumn.ListCost));
        }

        BigDecimal cost() {
            return cost;
        }

        /** The row's cells in column order. */
        Object[] cells() {
            Object[] cells = first.clone();
            for (int i = 0; i < cells.length; i++) {
                switch (of.roles[i]) {
                    case QUANTITY_ROLE -> cells[i] = quantity;
                    case COST_ROLE -> cells[i] = cost;
                    case LIST_ROLE -> cells[i] = listCost;
                    case PRICE_ROLE -> cells[i] = quantity == null ? cells[i] : quantity.signum() == 0
                            ? BigDecimal.ZERO : cost.divide(quantity, ChargeAllocator.SCALE, RoundingMode.HALF_EVEN)
                                    .stripTrailingZeros();
                    default -> {
                    }
                }
            }
            return cells;
        }

        private static @Nullable BigDecimal plus(@Nullable BigDecimal sum, @Nullable BigDecimal value) {
            return value == null ? sum : sum == null ? value : sum.add(value);
        }
    }

    private static final int KEY_ROLE = 0;
    private static final int QUANTITY_ROLE = 1;
    private static final int COST_ROLE = 2;
    private static final int LIST_ROLE = 3;
    private static final int PRICE_ROLE = 4;
    private static final int DATE_ROLE = 5;

    private final List<ExportColumns.Column> columns;
    private final Granularity granularity;
    private final int[] roles;
    private final Map<List<Object>, Group> groups = new LinkedHashMap<>();

    ExportGroups(List<ExportColumns.Column> columns, Granularity granularity) {
        this.columns = columns;
        this.granularity = granularity;
        this.roles = new int[columns.size()];
        for (int i = 0; i < roles.length; i++) {
            roles[i] = switch (columns.get(i).name()) {
                case QUANTITY -> QUANTITY_ROLE;
                case COST -> COST_ROLE;
                case LIST_COST -> LIST_ROLE;
                case EFFECTIVE_PRICE -> PRICE_ROLE;
                case DATE -> DATE_ROLE;
                default -> KEY_ROLE;
            };
        }
    }

    void add(FocusRow row) {
        Object[] cells = new Object[roles.length];
        List<Object> key = new ArrayList<>(roles.length + 1);
        LocalDate day = day(row);
        key.add(day);
        for (int i = 0; i < roles.length; i++) {
            Object value = columns.get(i).value().apply(row);
            if (roles[i] == DATE_ROLE && value != null) {
                value = day.toString();
            }
            cells[i] = value;
            if (roles[i] == KEY_ROLE || roles[i] == DATE_ROLE) {
                key.add(value == null ? Null.VALUE : value);
            }
        }
        groups.computeIfAbsent(key, k -> new Group(this, cells)).add(row);
    }

    Collection<Group> groups() {
        return groups.values();
    }

    /** The day, or the month's first day, the charge period starts on. */
    private LocalDate day(FocusRow row) {
        Instant start = (Instant) row.get(FocusColumn.ChargePeriodStart);
        LocalDate day = start == null ? LocalDate.EPOCH : start.atOffset(ZoneOffset.UTC).toLocalDate();
        return granularity == Granularity.Monthly ? day.withDayOfMonth(1) : day;
    }

    /** Stands for an empty cell in a group key (lists of a key may not hold null in every implementation). */
    private enum Null {
        VALUE
    }
}
