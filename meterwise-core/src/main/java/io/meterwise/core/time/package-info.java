/**
 * UTC time: hourly and daily buckets aligned to the UTC hour and midnight, and monthly billing periods. Nothing here
 * reads the clock; callers pass instants (taken from an injected {@link java.time.Clock}).
 */
@NullMarked
package io.meterwise.core.time;

import org.jspecify.annotations.NullMarked;
