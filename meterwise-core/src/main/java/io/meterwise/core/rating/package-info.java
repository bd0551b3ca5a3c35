/**
 * The rating engine: prices the usage of one subscription's billing period against its price list and offer terms,
 * exactly, with amounts rounded once per charge line (ADR 0003).
 */
@NullMarked
package io.meterwise.core.rating;

import org.jspecify.annotations.NullMarked;
