/**
 * Bill prediction: forecasts each meter's daily usage to the end of the billing period (weekly seasonality, damped
 * trend, step changes kept sharp) and prices simulated usage paths through the {@link io.meterwise.core.rating.Rater},
 * so tiers, included quantities, price versions and offer terms still ahead in the period are applied exactly
 * (ADR 0027).
 */
@NullMarked
package io.meterwise.core.forecast;

import org.jspecify.annotations.NullMarked;
