package io.meterwise.server.http.operator;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionLog;
import io.meterwise.server.http.PublicUrls;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.paging.ContinuationTokens;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code GET /providers/Meterwise/usageBatches} (operator-only by route): the ingestion log, newest batch first, one
 * ARM page of {@code $top} batches with a {@code nextLink} while there are more.
 */
@RestController
class UsageBatchController {

    static final int DEFAULT_TOP = 50;
    static final int MAX_TOP = 1000;
    private static final String SCOPE = "/providers/Meterwise/usageBatches";

    private final IngestionLog log;
    private final ContinuationTokens tokens;
    private final PublicUrls urls;

    UsageBatchController(IngestionLog log, ContinuationTokens tokens, PublicUrls urls) {
        this.log = log;
        this.tokens = tokens;
        this.urls = urls;
    }

    @GetMapping(SCOPE)
    Map<String, Object> batches(HttpServletRequest request, @Nullable Principal principal,
            @RequestParam(name = "$top", required = false) @Nullable String top,
            @RequestParam(name = "$skiptoken", required = false) @Nullable String skipToken) {
        int limit = top(top);
        String principalId = principal == null ? "anonymous" : principal.getName();
        String fingerprint = ContinuationTokens.fingerprint(String.valueOf(limit));
        IngestionLog.Position after = skipToken == null ? null
                : position(tokens.verify(skipToken, principalId, SCOPE, fingerprint));
        List<IngestionBatch> page = log.latest(limit + 1, after);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", page.stream().limit(limit).map(UsageBatchController::wire).toList());
        if (page.size() > limit) {
            IngestionLog.Position last = IngestionLog.Position.of(page.get(limit - 1));
            String token = tokens.mint(principalId, SCOPE, fingerprint, payload(last));
            body.put("nextLink", urls.nextLink(request, "$skiptoken", token));
        }
        return body;
    }

    private static Map<String, Object> wire(IngestionBatch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batchId", b.batchId());
        m.put("receivedAt", b.receivedAt().toString());
        m.put("status", b.status() == IngestionBatch.Status.STORED ? "Stored" : "Rejected");
        m.put("subscriptionIds", b.subscriptionIds().stream().map(Object::toString).toList());
        m.put("subscriptionCount", b.subscriptionCount());
        m.put("records", b.records());
        m.put("accepted", b.accepted());
        m.put("duplicates", b.duplicates());
        m.put("rejected", b.rejected());
        m.put("errors", b.firstErrors().stream().map(e -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("line", e.line());
            error.put("field", e.field());
            error.put("reason", e.reason());
            return error;
        }).toList());
        return m;
    }

    private static byte[] payload(IngestionLog.Position p) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, p.receivedAt());
        return (micros + "|" + p.batchId()).getBytes(StandardCharsets.UTF_8);
    }

    /** Only tokens this controller minted get here (they are signed), so the payload is well-formed. */
    private static IngestionLog.Position position(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new IngestionLog.Position(Instant.EPOCH.plus(Long.parseLong(text.substring(0, bar)), ChronoUnit.MICROS),
                text.substring(bar + 1));
    }

    private static int top(@Nullable String top) {
        if (top == null) {
            return DEFAULT_TOP;
        }
        try {
            int n = Integer.parseInt(top.trim());
            if (n >= 1 && n <= MAX_TOP) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidTop", String.format(Locale.ROOT,
                "$top must be an integer from 1 to %d; it was '%s'.", MAX_TOP, top), "$top");
    }
}
