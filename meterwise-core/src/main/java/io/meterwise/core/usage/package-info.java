/**
 * Usage records, their validation, and the ledger port that stores them idempotently and atomically per batch.
 * Usage time (when it was consumed) and reported time (when it entered Meterwise) are distinct.
 */
@NullMarked
package io.meterwise.core.usage;

import org.jspecify.annotations.NullMarked;
