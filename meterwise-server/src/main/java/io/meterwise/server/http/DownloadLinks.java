package io.meterwise.server.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.meterwise.core.access.SharedSecrets;
import io.meterwise.server.billing.BillingProperties;
import io.meterwise.server.http.error.ArmException;

/**
 * Time-limited signed links to invoice PDFs, like a storage SAS (ADR 0011): the path
 * {@code /downloads/invoices/{subscriptionId}/{invoiceName}.pdf?se=<expiry epoch seconds>&sig=<HMAC-SHA256>} works
 * without a bearer token until {@code se}. The key is {@code download-links.key} in the data directory, owner-only.
 */
@Component
public class DownloadLinks {

    public static final String PATH_PREFIX = "/downloads/invoices/";
    /** Showback statements: {@code /downloads/chargeback/{subscriptionId}/{yyyy-MM}/{costCentre}.{csv|pdf}}. */
    public static final String STATEMENT_PREFIX = "/downloads/chargeback/";
    private static final String KEY_FILE = "download-links.key";

    private final byte[] key;
    private final Clock clock;
    private final BillingProperties properties;

    public DownloadLinks(SharedSecrets secrets, BillingProperties properties, Clock clock) {
        this.key = secrets.secret(KEY_FILE);
        this.clock = clock;
        this.properties = properties;
    }

    /** A signed link, relative to the server's base URL, with its expiry. */
    public record Link(String path, Instant expiryTime) {
    }

    public Link sign(UUID subscriptionId, String invoiceName) {
        Instant expiry = clock.instant().plus(properties.downloadLinkTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long se = expiry.getEpochSecond();
        return new Link(PATH_PREFIX + subscriptionId + "/" + invoiceName + ".pdf?se=" + se + "&sig="
                + signature("invoice-pdf", subscriptionId.toString(), invoiceName, Long.toString(se)), expiry);
    }

    /** A signed link to a cost centre's showback statement of a month, as {@code csv} or {@code pdf}. */
    public Link signStatement(UUID subscriptionId, String month, String costCentre, String format) {
        Instant expiry = clock.instant().plus(properties.downloadLinkTtl()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long se = expiry.getEpochSecond();
        String file = month + "/" + costCentre + "." + format;
        String path = STATEMENT_PREFIX + subscriptionId + "/" + month + "/"
                + java.net.URLEncoder.encode(costCentre, StandardCharsets.UTF_8).replace("+", "%20") + "." + format;
        return new Link(path + "?se=" + se + "&sig=" + signature("showback-statement", subscriptionId.toString(), file,
                Long.toString(se)), expiry);
    }

    /** As {@link #verify} for a showback statement link. */
    public void verifyStatement(String subscriptionId, String month, String costCentre, String format, String se,
            String sig) {
        check(signature("showback-statement", subscriptionId, month + "/" + costCentre + "." + format, se), se, sig);
    }

    /** Refuses a link that was changed in any part or has expired, with 403 {@code AuthenticationFailed}. */
    public void verify(String subscriptionId, String invoiceName, String se, String sig) {
        check(signature("invoice-pdf", subscriptionId, invoiceName, se), se, sig);
    }

    private void check(String expected, String se, String sig) {
        if (sig == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII))) {
            throw new ArmException(HttpStatus.FORBIDDEN, "AuthenticationFailed", "The download link signature does not "
                    + "match: the link was changed. Request a new link from the API that gave it.");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(se)))) {
            throw new ArmException(HttpStatus.FORBIDDEN, "AuthenticationFailed", "The download link expired at "
                    + Instant.ofEpochSecond(Long.parseLong(se)) + ". Request a new link from the API that gave it.");
        }
    }

    private String signature(String purpose, String subscriptionId, String invoiceName, String se) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((purpose + "\n" + subscriptionId.toLowerCase(java.util.Locale.ROOT) + "\n"
                    + invoiceName + "\n" + se).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
