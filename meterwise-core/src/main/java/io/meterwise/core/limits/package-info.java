/**
 * The documented bounds of every number Meterwise accepts (ADR 0015), and the parsing and printing of decimals that
 * never expands an exponent before a bound is checked.
 */
@NullMarked
package io.meterwise.core.limits;

import org.jspecify.annotations.NullMarked;
