package io.meterwise.server.http.operator;

import java.util.List;

/** A list answer of the operator API: {@code {"value": [...]}}. */
record Listing<T>(List<T> value) {
}
