package io.meterwise.core.notify;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A webhook endpoint registered by the operator: the stand-in for an Azure Action Group. A budget notification names
 * it in {@code contactGroups}, either by its name or by an action-group resource id ending in that name.
 *
 * @param name      the endpoint's name (letters, digits, {@code -}, {@code _}, {@code .}), unique, case-insensitive
 * @param url       where deliveries are POSTed: an absolute http(s) URL ({@link #target(String)})
 * @param secret    the HMAC-SHA256 key of the signature header; never shown again after it was set
 * @param createdAt when the endpoint was first registered
 * @param updatedAt when it was last changed
 */
public record WebhookEndpoint(String name, URI url, String secret, Instant createdAt, Instant updatedAt) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    /** The shortest secret accepted when the operator sets one: 128 bits of a generated one are 22+ characters. */
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;
    public static final int MAX_URL_LENGTH = 2048;

    public WebhookEndpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether {@code name} may name an endpoint. */
    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The key under which an endpoint is stored and looked up: names match case-insensitively, as ARM names do. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * The endpoint a budget's {@code contactGroups} entry refers to: the last path segment of an action-group id
     * ({@code /subscriptions/.../providers/microsoft.insights/actionGroups/ops}) or the entry itself.
     */
    public static String nameOfContactGroup(String contactGroup) {
        String trimmed = contactGroup.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int slash = trimmed.lastIndexOf('/');
        return key(slash >= 0 ? trimmed.substring(slash + 1) : trimmed);
    }

    /**
     * A webhook target: an absolute {@code http} or {@code https} URL with a host, no user info and no fragment.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static URI target(String url) {
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not carry credentials (user info); use the signature secret");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment");
        }
        return uri;
    }

    /**
     * Where a redirect answer to a delivery may be followed: only a {@code Location} on the same scheme, host and
     * port as the request (a receiver moving a path); anything else is not followed, so a target cannot send the
     * signed body to another host.
     */
    public static java.util.Optional<URI> sameOriginRedirect(URI from, @org.jspecify.annotations.Nullable String location) {
        if (location == null || location.isBlank()) {
            return java.util.Optional.empty();
        }
        URI to;
        try {
            to = from.resolve(new URI(location.strip()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
        boolean same = to.getScheme() != null && to.getScheme().equalsIgnoreCase(from.getScheme())
                && to.getHost() != null && to.getHost().equalsIgnoreCase(from.getHost())
                && port(to) == port(from) && to.getRawUserInfo() == null;
        return same ? java.util.Optional.of(to) : java.util.Optional.empty();
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
