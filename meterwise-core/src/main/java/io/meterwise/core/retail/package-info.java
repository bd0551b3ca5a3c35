/**
 * Retail prices: the operator's pay-as-you-go price lists as rows of Azure's public Retail Prices API, one row per
 * meter, price version and tier (ADR 0031).
 */
@NullMarked
package io.meterwise.core.retail;

import org.jspecify.annotations.NullMarked;
