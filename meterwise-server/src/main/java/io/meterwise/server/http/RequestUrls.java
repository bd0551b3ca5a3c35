package io.meterwise.server.http;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The absolute URL a client used, for links it must follow ({@code nextLink}). Honours a simple
 * {@code X-Forwarded-Proto}/{@code X-Forwarded-Host}/{@code X-Forwarded-Port} set by a reverse proxy (first value
 * only); malformed forwarded values are ignored.
 */
public final class RequestUrls {

    private static final Pattern SCHEME = Pattern.compile("https?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private RequestUrls() {
    }

    /** Scheme, host and port, e.g. {@code https://billing.example.com} or {@code http://localhost:8080}. */
    public static String origin(HttpServletRequest request) {
        String scheme = first(request.getHeader("X-Forwarded-Proto"));
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            scheme = request.getScheme();
        }
        String host = first(request.getHeader("X-Forwarded-Host"));
        String port = first(request.getHeader("X-Forwarded-Port"));
        if (host == null || !HOST.matcher(host).matches()) {
            host = request.getServerName();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            if (port == null || !PORT.matcher(port).matches()) {
                port = String.valueOf(request.getServerPort());
            }
        } else if (host.matches(".*:\\d{1,5}$")) {
            port = null;
        } else if (port != null && !PORT.matcher(port).matches()) {
            port = null;
        }
        boolean defaultPort = port == null || ("http".equals(scheme) && "80".equals(port))
                || ("https".equals(scheme) && "443".equals(port));
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }
}
