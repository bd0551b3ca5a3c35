package io.meterwise.server.forecast;

import java.util.List;

import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.PriceList;
import io.meterwise.core.forecast.UsageHistory;
import io.meterwise.core.time.BillingPeriod;

/**
 * One subscription-like series to replay: its rate card, offer, daily usage, and the billing periods whose totals are
 * forecast. {@code set} names the data set, {@code group} its split (train, dev, test) where it has one.
 */
record BacktestSeries(String set, String group, String name, PriceList prices, Offer offer, UsageHistory history,
        List<BillingPeriod> periods) {

    BacktestSeries {
        periods = List.copyOf(periods);
    }
}
