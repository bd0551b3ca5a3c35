/**
 * The catalog: meters, offers with their offer terms, subscriptions, and versioned price lists per offer, currency and
 * country of purchase ({@code RegionInfo}). Price versions are kept forever; a new one applies from its date.
 */
@NullMarked
package io.meterwise.core.catalog;

import org.jspecify.annotations.NullMarked;
