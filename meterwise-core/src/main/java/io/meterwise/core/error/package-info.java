/** Failures of use cases, as codes that adapters map to their protocol. */
@NullMarked
package io.meterwise.core.error;

import org.jspecify.annotations.NullMarked;
