/**
 * Chargeback (showback): a subscription's cost of a billing period split over cost centres by a tag, value aliases,
 * an explicit untagged bucket and shared-cost rules, with effective-dated rule versions (ADR 0033). Pure: the charges
 * come through {@link PeriodCosts}, rule versions through {@link ChargebackRuleStore}.
 */
@NullMarked
package io.meterwise.core.chargeback;

import org.jspecify.annotations.NullMarked;
