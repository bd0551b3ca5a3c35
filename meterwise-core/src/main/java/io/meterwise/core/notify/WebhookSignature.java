package io.meterwise.core.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code sha256=} and the lower-case hex HMAC-SHA256 of the exact body bytes,
 * keyed with the endpoint's secret (its UTF-8 bytes). Sent in {@value #HEADER}; the delivery id in
 * {@value #DELIVERY_HEADER}. A receiver recomputes it over the raw body and compares in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Meterwise-Signature";
    public static final String DELIVERY_HEADER = "X-Meterwise-Delivery";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code signature} is the signature of {@code body} under {@code secret} (constant-time compare). */
    public static boolean verify(String secret, byte[] body, String signature) {
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                signature.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
