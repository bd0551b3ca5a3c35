package io.meterwise.server.http.operator;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.usage.IngestionBatch;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;
import io.meterwise.server.http.error.ArmError;
import io.meterwise.server.http.error.ArmException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.meterwise.server.ingest.BatchTooLargeException;
import io.meterwise.server.ingest.UsageFormat;
import io.meterwise.server.ingest.UsageIngestion;

/** {@code POST /providers/Meterwise/usage}: one batch of usage records as NDJSON or CSV, all or nothing. */
@RestController
class UsageIngestionController {

    static final int MAX_LISTED_ERRORS = 1000;
    /** The id under which the batch is listed by {@code GET /providers/Meterwise/usageBatches}. */
    static final String BATCH_ID_HEADER = "x-meterwise-batch-id";
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final UsageIngestion ingestion;

    UsageIngestionController(UsageIngestion ingestion) {
        this.ingestion = ingestion;
    }

    @PostMapping("/providers/Meterwise/usage")
    ResponseEntity<Map<String, Object>> ingest(HttpServletRequest request, HttpServletResponse response,
            @RequestHeader(name = "Content-Type", required = false) String contentType) throws IOException {
        UsageFormat format = format(contentType);
        IngestionBatch.Receipt receipt = ingestion.receipt();
        // on the response before the outcome is known, so that an error answer names the logged batch too
        response.setHeader(BATCH_ID_HEADER, receipt.batchId());
        IngestionResult result;
        try (InputStream body = request.getInputStream()) {
            result = ingestion.ingest(body, format, receipt);
        } catch (BatchTooLargeException e) {
            throw new ArmException(HttpStatus.CONTENT_TOO_LARGE, "UsageBatchTooLarge", e.getMessage());
        }
        return respond(result);
    }

    private static UsageFormat format(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type != null && NDJSON.includes(type) && !type.isWildcardSubtype()) {
            return UsageFormat.NDJSON;
        }
        if (type != null && MediaType.parseMediaType("text/csv").includes(type) && !type.isWildcardSubtype()) {
            return UsageFormat.CSV;
        }
        throw new ArmException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Content type "
                + (contentType == null ? "(none)" : "'" + contentType + "'")
                + " is not supported; send usage as application/x-ndjson (one JSON object per line) or text/csv.");
    }

    static ResponseEntity<Map<String, Object>> respond(IngestionResult result) {
        if (!result.isRejected()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(counts(result));
        }
        boolean conflict = result.errors().stream().allMatch(e -> e.reason().startsWith("conflict"));
        HttpStatus status = conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        String code = conflict ? "UsageRecordConflict" : "InvalidUsageBatch";
        int errors = result.errors().size();
        String message = conflict
                ? errors + " record(s) reuse a record id with different content; nothing of the batch was stored. "
                        + "Resend a record only unchanged, or give changed usage a new record id."
                : errors + " error(s) in the batch; nothing of it was stored. Fix every listed record and resend the "
                        + "whole batch.";
        if (errors > MAX_LISTED_ERRORS) {
            message += " The first " + MAX_LISTED_ERRORS + " errors are listed, " + (errors - MAX_LISTED_ERRORS)
                    + " more are not.";
        }
        Map<String, Object> body = new LinkedHashMap<>(ArmError.body(code, message, null));
        body.putAll(counts(result));
        if (errors > MAX_LISTED_ERRORS) {
            body.put("moreErrors", errors - MAX_LISTED_ERRORS);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static Map<String, Object> counts(IngestionResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", result.accepted());
        body.put("duplicates", result.duplicates());
        body.put("rejected", result.rejected());
        List<Map<String, Object>> listed = result.errors().stream().limit(MAX_LISTED_ERRORS).map(UsageIngestionController::error)
                .toList();
        body.put("errors", listed);
        return body;
    }

    private static Map<String, Object> error(RecordError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", e.line());
        m.put("field", e.field());
        m.put("reason", e.reason());
        return m;
    }
}
