package io.meterwise.server.http.costmanagement;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.CostExports;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportScope;
import io.meterwise.server.export.ExportJson;
import io.meterwise.server.export.ExportRunner;
import io.meterwise.server.http.ApiVersions;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.security.Caller;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Microsoft.CostManagement/exports} at subscription and resource-group scope (ADR 0045): create or replace,
 * get (with {@code $expand=runHistory}), list, delete, run now, and the run history. {@code run} answers 200 (the
 * spec's only success status) as soon as the run is queued (ADR 0050); the run history shows it Queued, InProgress,
 * then Completed or Failed with the reason.
 */
@RestController
class ExportsApi {

    private static final String SUB = "/subscriptions/{subscriptionId}";
    private static final String RG = SUB + "/resourceGroups/{resourceGroup}";
    private static final String EXPORTS = "/providers/Microsoft.CostManagement/exports";
    private static final String EXPORT = EXPORTS + "/{exportName}";
    private static final String TYPE = "Microsoft.CostManagement/exports";
    /** Runs shown by runHistory and by {@code $expand=runHistory}, newest first. */
    static final int HISTORY = 100;

    private final Catalog catalog;
    private final CostExportStore store;
    private final CostExports exports;
    private final ExportRunner runner;
    private final Clock clock;

    ExportsApi(Catalog catalog, CostExportStore store, CostExports exports, ExportRunner runner, Clock clock) {
        this.runner = runner;
        this.catalog = catalog;
        this.store = store;
        this.exports = exports;
        this.clock = clock;
    }

    @GetMapping({SUB + EXPORTS, RG + EXPORTS})
    ObjectNode list(@PathVariable String subscriptionId, @PathVariable(required = false) @Nullable String resourceGroup,
            HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        boolean history = expandRunHistory(request);
        ObjectNode body = ExportJson.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        for (CostExport e : store.list(scope)) {
            value.add(json(e, history));
        }
        return body;
    }

    @GetMapping({SUB + EXPORT, RG + EXPORT})
    ObjectNode get(@PathVariable String subscriptionId, @PathVariable(required = false) @Nullable String resourceGroup,
            @PathVariable String exportName, HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        return json(require(scope, exportName), expandRunHistory(request));
    }

    @PutMapping({SUB + EXPORT, RG + EXPORT})
    ResponseEntity<ObjectNode> put(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String exportName,
            @RequestBody(required = false) @Nullable String body, HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        if (!ExportJson.validName(exportName)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidResourceName", "An export name has 1-64 letters, "
                    + "digits, '_' or '-' and starts with a letter or digit.", "exportName");
        }
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : ExportJson.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent", "The body is not valid JSON.",
                    "properties");
        }
        CostExport previous = store.get(scope, exportName).orElse(null);
        JsonNode eTag = json == null ? null : json.get("eTag");
        if (previous != null && eTag != null && eTag.isString() && !eTag.asString().equals(previous.eTag())) {
            throw new ArmException(HttpStatus.PRECONDITION_FAILED, "PreconditionFailed", "The export was changed since "
                    + "eTag " + eTag.asString() + " was read; get it again (current eTag " + previous.eTag() + ").",
                    "eTag");
        }
        CostExport export;
        try {
            Instant now = clock.instant();
            if (previous != null && !now.isAfter(previous.updatedAt())) {
                now = previous.updatedAt().plusMillis(1); // the eTag changes with every update
            }
            export = ExportJson.parse(scope, exportName, json, previous, now);
        } catch (ExportJson.Invalid e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, e.code(), e.getMessage(), e.target());
        }
        boolean created = store.put(export);
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(json(export, false));
    }

    @DeleteMapping({SUB + EXPORT, RG + EXPORT})
    ResponseEntity<Void> delete(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String exportName,
            HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        return store.delete(scope, exportName) ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    @PostMapping({SUB + EXPORT + "/run", RG + EXPORT + "/run"})
    ResponseEntity<Void> run(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String exportName,
            HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        CostExport export = require(scope, exportName);
        runner.submit(export, Caller.of(request).id());
        return ResponseEntity.ok().build();
    }

    @GetMapping({SUB + EXPORT + "/runHistory", RG + EXPORT + "/runHistory"})
    ObjectNode runHistory(@PathVariable String subscriptionId,
            @PathVariable(required = false) @Nullable String resourceGroup, @PathVariable String exportName,
            HttpServletRequest request) {
        ExportScope scope = scope(request, subscriptionId, resourceGroup);
        require(scope, exportName);
        return history(scope, exportName);
    }

    private ObjectNode json(CostExport e, boolean withHistory) {
        ObjectNode n = ExportJson.JSON.createObjectNode();
        n.put("id", e.id());
        n.put("name", e.name());
        n.put("type", TYPE);
        n.put("eTag", e.eTag());
        ObjectNode properties = ExportJson.properties(e, false);
        Instant next = exports.nextRunTimeEstimate(e);
        if (next != null) {
            properties.put("nextRunTimeEstimate", next.toString());
        }
        if (withHistory) {
            properties.set("runHistory", history(e.scope(), e.name()));
        }
        n.set("properties", properties);
        return n;
    }

    private ObjectNode history(ExportScope scope, String name) {
        ObjectNode body = ExportJson.JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        for (ExportRun r : store.runs(scope, name, HISTORY)) {
            value.add(ExportJson.run(r));
        }
        return body;
    }

    private CostExport require(ExportScope scope, String name) {
        return store.get(scope, name).orElseThrow(() -> ArmException.notFound("ExportNotFound", "There is no export '"
                + name + "' at scope " + scope.id() + "."));
    }

    private ExportScope scope(HttpServletRequest request, String subscriptionId, @Nullable String resourceGroup) {
        ApiVersions.require(ArmQuery.of(request), CostManagementApi.VERSIONS);
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        return new ExportScope(s.subscriptionId(), SubscriptionLookup.requireResourceGroup(resourceGroup));
    }

    private static boolean expandRunHistory(HttpServletRequest request) {
        return ArmQuery.of(request).optional("$expand").map(v -> v.toLowerCase(Locale.ROOT).contains("runhistory"))
                .orElse(false);
    }
}
