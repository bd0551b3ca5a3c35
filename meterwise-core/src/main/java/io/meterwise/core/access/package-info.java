/**
 * Who may do what: built-in roles with Azure's well-known ids, the caller ({@link io.meterwise.core.access.Principal}),
 * the actions the API offers and the one {@link io.meterwise.core.access.AccessPolicy} that decides. Pure rules; the
 * server authenticates callers, maps routes to actions and looks up role assignments.
 */
@NullMarked
package io.meterwise.core.access;

import org.jspecify.annotations.NullMarked;
