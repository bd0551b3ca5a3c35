package io.meterwise.core.usage;

import java.util.UUID;

/**
 * Checks ARM resource ids of the form
 * {@code /subscriptions/{id}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}]...}, case
 * insensitively, by scanning segments (no regular expression, so no backtracking on hostile input).
 */
final class ResourceUris {

    static final int MAX_LENGTH = 2048;
    private static final String SHAPE =
            "/subscriptions/{subscriptionId}/resourceGroups/{group}/providers/{namespace}/{type}/{name}";

    private ResourceUris() {
    }

    /** Why {@code uri} is not a resource id of {@code subscriptionId}; null when it is. */
    static String problem(String uri, UUID subscriptionId) {
        if (uri.isEmpty()) {
            return "must not be empty; expected " + SHAPE;
        }
        if (uri.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (uri.charAt(0) != '/') {
            return "must start with '/'; expected " + SHAPE;
        }
        if (uri.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        String[] segments = uri.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "has an empty segment; expected " + SHAPE;
            }
        }
        if (segments.length < 8 || (segments.length - 6) % 2 != 0) {
            return "must have the shape " + SHAPE + " (with optional further /{type}/{name} pairs)";
        }
        if (!segments[0].equalsIgnoreCase("subscriptions") || !segments[2].equalsIgnoreCase("resourceGroups")
                || !segments[4].equalsIgnoreCase("providers")) {
            return "must have the shape " + SHAPE;
        }
        if (!segments[1].equalsIgnoreCase(subscriptionId.toString())) {
            return "names subscription '" + io.meterwise.core.limits.Texts.shorten(segments[1]) + "' but the record is for subscription " + subscriptionId;
        }
        return null;
    }
}
