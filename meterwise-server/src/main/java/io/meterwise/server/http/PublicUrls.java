package io.meterwise.server.http;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The one place that builds absolute URLs for clients to follow ({@code nextLink}, {@code downloadUrl}, OpenID
 * discovery). Behind a reverse proxy that terminates TLS, the URL the client used is in {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Port} (first value only, malformed values ignored); those headers
 * are honoured only when the request comes straight from one of the trusted proxies
 * ({@code meterwise.http.trusted-proxies}: addresses or CIDR ranges), since anyone else could make the server hand
 * out links to a host of their choosing.
 */
public final class PublicUrls {

    private static final Pattern SCHEME = Pattern.compile("https?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private final List<Range> trusted = new ArrayList<>();

    public PublicUrls(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            if (!proxy.isBlank()) {
                trusted.add(Range.parse(proxy.strip()));
            }
        }
    }

    /** Scheme, host and port the client used, e.g. {@code https://billing.example.com} or {@code http://localhost:8080}. */
    public String origin(HttpServletRequest request) {
        boolean proxied = fromTrustedProxy(request.getRemoteAddr());
        String scheme = proxied ? first(request.getHeader("X-Forwarded-Proto")) : null;
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            scheme = request.getScheme();
        }
        String host = proxied ? first(request.getHeader("X-Forwarded-Host")) : null;
        String port = proxied ? first(request.getHeader("X-Forwarded-Port")) : null;
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

    /** An absolute URL of {@code path} (starting with {@code /}) on this server, as the client sees it. */
    public String absolute(HttpServletRequest request, String path) {
        return origin(request) + request.getContextPath() + path;
    }

    /**
     * The request's own URL with {@code parameter} set to {@code token}: path and every other parameter exactly as the
     * client sent them (never decoded and re-encoded, so a filter keeps its {@code %20}s), the token form-encoded.
     * {@code parameter} is a literal name such as {@code $skiptoken}, written as ARM writes it.
     */
    public String nextLink(HttpServletRequest request, String parameter, String token) {
        StringBuilder url = new StringBuilder(origin(request)).append(request.getRequestURI()).append('?');
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !name.equalsIgnoreCase(parameter)) {
                    url.append(pair).append('&');
                }
            }
        }
        return url.append(parameter).append('=')
                .append(URLEncoder.encode(token, StandardCharsets.UTF_8)).toString();
    }

    boolean fromTrustedProxy(String remoteAddress) {
        if (trusted.isEmpty() || remoteAddress == null) {
            return false;
        }
        byte[] address;
        try {
            address = InetAddress.getByName(remoteAddress).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        return trusted.stream().anyMatch(r -> r.contains(address));
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }

    /** An address or a CIDR range ({@code 10.0.0.0/8}, {@code fd00::/8}); literal addresses only, never a DNS name. */
    private record Range(byte[] network, int prefix) {

        static Range parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            if (!address.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("meterwise.http.trusted-proxies: '" + text
                        + "' is not an IP address or CIDR range");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("meterwise.http.trusted-proxies: '" + text + "' is not an address");
            }
            int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("meterwise.http.trusted-proxies: bad prefix in '" + text + "'");
            }
            return new Range(bytes, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
