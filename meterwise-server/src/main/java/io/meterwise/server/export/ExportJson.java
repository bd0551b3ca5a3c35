package io.meterwise.server.export;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportFormat;
import io.meterwise.core.export.ExportManifest;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportSchedule;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.ExportType;
import io.meterwise.core.export.Granularity;
import io.meterwise.core.export.ExportWindow;
import io.meterwise.core.export.StagedFile;
import io.meterwise.core.export.Timeframe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON form of an export definition ({@code Microsoft.CostManagement/exports} properties, with Meterwise's
 * destination extension), used by the API and by the store, of a run (run history) and of a partition's manifest.
 * The stored form carries the S3 secret (sealed by the store, ADR 0051); the API form never does.
 */
public final class ExportJson {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the API shows in place of a stored secret; sent back unchanged, it keeps the stored one. */
    public static final String MASKED_SECRET = "********";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern FOLDER_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private ExportJson() {
    }

    /** A request body or stored value that is not a valid export; {@code target} is the field's JSON path. */
    public static final class Invalid extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String code;
        private final String target;

        Invalid(String code, String target, String message) {
            super(message);
            this.code = code;
            this.target = target;
        }

        public String code() {
            return code;
        }

        public String target() {
            return target;
        }
    }

    /**
     * What a sealed S3 secret is bound to (ADR 0051): the export's subscription, resource group (lower case, as ARM
     * compares it) and name, so a sealed value moved to another export does not open.
     */
    public static String secretContext(ExportScope scope, String name) {
        String group = scope.resourceGroup() == null ? "" : scope.resourceGroup().toLowerCase(Locale.ROOT);
        return "cost-export/" + scope.subscriptionId() + "/" + group + "/" + name + "/secretAccessKey";
    }

    /** The S3 secret of a stored definition as stored (sealed or, before ADR 0051, clear), read without parsing it. */
    public static @Nullable String storedSecret(String json) {
        JsonNode secret = JSON.readTree(json).at("/properties/deliveryInfo/destination/secretAccessKey");
        return secret.isString() ? secret.asString() : null;
    }

    /** A stored definition with its S3 secret replaced, everything else as it was. */
    public static String withStoredSecret(String json, String secret) {
        JsonNode n = JSON.readTree(json);
        ((ObjectNode) n.at("/properties/deliveryInfo/destination")).put("secretAccessKey", secret);
        return JSON.writeValueAsString(n);
    }

    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    // ---- definition

    /**
     * Reads an export body ({@code {"properties":{...}}}). {@code previous} is the stored definition being replaced, if
     * any: a masked or absent S3 secret keeps its secret when the bucket and key id are unchanged.
     */
    public static CostExport parse(ExportScope scope, String name, @Nullable JsonNode body,
            @Nullable CostExport previous, Instant now) {
        JsonNode p = body == null ? null : body.get("properties");
        if (p == null || !p.isObject()) {
            throw invalid("properties", "The body must be {\"properties\":{...}} with deliveryInfo and definition.");
        }
        ExportFormat format = switch (lower(text(p, "format", "properties.format", false), "csv")) {
            case "csv" -> ExportFormat.Csv;
            case "parquet" -> ExportFormat.Parquet;
            default -> throw invalid("properties.format", "format is Csv or Parquet.");
        };
        boolean gzip = switch (lower(text(p, "compressionMode", "properties.compressionMode", false), "none")) {
            case "none" -> false;
            case "gzip" -> true;
            default -> throw invalid("properties.compressionMode", "compressionMode is None or gzip.");
        };
        if (gzip && format == ExportFormat.Parquet) {
            throw invalid("properties.compressionMode", "gzip applies to Csv; Parquet files are compressed inside "
                    + "(zstd).");
        }
        JsonNode partition = p.get("partitionData");
        if (partition != null && !partition.isNull() && !partition.isBoolean()) {
            throw invalid("properties.partitionData", "partitionData is true or false (files are always partitioned "
                    + "by billing period with a manifest).");
        }
        Destination destination = destination(object(object(p, "deliveryInfo", "properties.deliveryInfo"),
                "destination", "properties.deliveryInfo.destination"), previous);
        JsonNode d = object(p, "definition", "properties.definition");
        ExportType type = enumValue(ExportType.class, text(d, "type", "properties.definition.type", true),
                "properties.definition.type", "UnsupportedExportType",
                "type is ActualCost, Usage or FocusCost (Meterwise has no amortised cost).");
        Timeframe timeframe = enumValue(Timeframe.class,
                text(d, "timeframe", "properties.definition.timeframe", true), "properties.definition.timeframe",
                "InvalidRequestContent", "timeframe is MonthToDate, BillingMonthToDate, TheLastMonth, "
                        + "TheLastBillingMonth, WeekToDate or Custom.");
        Instant from = null;
        Instant to = null;
        JsonNode period = d.get("timePeriod");
        if (timeframe == Timeframe.Custom) {
            if (period == null || !period.isObject()) {
                throw new Invalid("InvalidTimePeriod", "properties.definition.timePeriod",
                        "A Custom timeframe needs timePeriod {from, to}.");
            }
            from = instant(period, "from", "properties.definition.timePeriod.from");
            to = instant(period, "to", "properties.definition.timePeriod.to");
            if (to.isBefore(from)) {
                throw new Invalid("InvalidTimePeriod", "properties.definition.timePeriod.to",
                        "timePeriod.to is before timePeriod.from.");
            }
            if (Duration.between(from, to).compareTo(ExportWindow.MAX_CUSTOM) > 0) {
                throw new Invalid("InvalidTimePeriod", "properties.definition.timePeriod",
                        "A Custom time period covers at most " + ExportWindow.MAX_CUSTOM.toDays() + " days.");
            }
        } else if (period != null && !period.isNull()) {
            throw new Invalid("InvalidTimePeriod", "properties.definition.timePeriod",
                    "timePeriod is only given with the Custom timeframe.");
        }
        List<String> columns = new ArrayList<>();
        Granularity granularity = null;
        JsonNode dataSet = d.get("dataSet");
        if (dataSet != null && !dataSet.isNull()) {
            String g = text(dataSet, "granularity", "properties.definition.dataSet.granularity", false);
            if (g != null) {
                granularity = java.util.Arrays.stream(Granularity.values()).filter(v -> v.name().equalsIgnoreCase(g))
                        .findFirst().orElseThrow(() -> invalid("properties.definition.dataSet.granularity",
                                "granularity is Daily or Monthly."));
            }
            JsonNode configuration = dataSet.get("configuration");
            JsonNode list = configuration == null || configuration.isNull() ? null : configuration.get("columns");
            if (list != null && !list.isNull()) {
                String target = "properties.definition.dataSet.configuration.columns";
                if (!list.isArray()) {
                    throw invalid(target, "columns is an array of column names.");
                }
                for (int i = 0; i < list.size(); i++) {
                    String column = list.get(i).isString() ? list.get(i).asString() : "";
                    if (!ExportColumns.known(type, column)) {
                        throw new Invalid("InvalidColumn", target + "[" + i + "]", "'" + column
                                + "' is not a column of the " + type + " dataset.");
                    }
                    if (columns.stream().anyMatch(column::equalsIgnoreCase)) {
                        throw new Invalid("InvalidColumn", target + "[" + i + "]", "'" + column + "' is named twice.");
                    }
                    columns.add(column);
                }
            }
        }
        ExportSchedule schedule = schedule(p.get("schedule"));
        Instant created = previous == null ? now : previous.createdAt();
        return new CostExport(scope, name, type, timeframe, from, to, format, gzip, columns, destination, schedule,
                created, now, granularity);
    }

    private static @Nullable ExportSchedule schedule(@Nullable JsonNode s) {
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isObject()) {
            throw invalid("properties.schedule", "schedule is an object {status, recurrence, recurrencePeriod}.");
        }
        String status = lower(text(s, "status", "properties.schedule.status", false), "active");
        if (!status.equals("active") && !status.equals("inactive")) {
            throw invalid("properties.schedule.status", "status is Active or Inactive.");
        }
        String recurrence = text(s, "recurrence", "properties.schedule.recurrence", false);
        if (recurrence == null) {
            if (status.equals("active")) {
                throw invalid("properties.schedule.recurrence", "An Active schedule needs a recurrence (Daily, Weekly, "
                        + "Monthly or Annually).");
            }
            return null;
        }
        ExportSchedule.Recurrence r = enumValue(ExportSchedule.Recurrence.class, recurrence,
                "properties.schedule.recurrence", "InvalidRequestContent",
                "recurrence is Daily, Weekly, Monthly or Annually.");
        JsonNode period = object(s, "recurrencePeriod", "properties.schedule.recurrencePeriod");
        Instant from = instant(period, "from", "properties.schedule.recurrencePeriod.from");
        JsonNode toNode = period.get("to");
        Instant to = toNode == null || toNode.isNull() ? null
                : instant(period, "to", "properties.schedule.recurrencePeriod.to");
        if (to != null && !to.isAfter(from)) {
            throw invalid("properties.schedule.recurrencePeriod.to", "recurrencePeriod.to must be after from.");
        }
        return new ExportSchedule(status.equals("active"), r, from, to);
    }

    private static Destination destination(JsonNode d, @Nullable CostExport previous) {
        String base = "properties.deliveryInfo.destination";
        String type = text(d, "type", base + ".type", false);
        if (type == null) {
            for (String azure : List.of("resourceId", "storageAccount", "sasToken")) {
                if (d.hasNonNull(azure)) {
                    throw new Invalid("UnsupportedDestination", base + "." + azure, "Meterwise does not deliver to "
                            + "Azure storage accounts: give destination.type Directory (a folder on the server) or S3 "
                            + "(an S3-compatible bucket).");
                }
            }
            type = "Directory";
        }
        String root = folder(text(d, "rootFolderPath", base + ".rootFolderPath", false), base + ".rootFolderPath");
        String container = text(d, "container", base + ".container", true);
        switch (type.toLowerCase(Locale.ROOT)) {
            case "directory" -> {
                if (!CONTAINER.matcher(container).matches() || container.equals("..") || container.equals(".")) {
                    throw new Invalid("InvalidDestinationPath", base + ".container", "container names a folder under "
                            + "the server's export root: 1-63 letters, digits, '.', '_' or '-'.");
                }
                return new Destination.Directory(container, root);
            }
            case "s3" -> {
                if (!BUCKET.matcher(container).matches() || container.contains("..")) {
                    throw new Invalid("InvalidDestinationPath", base + ".container", "container is the bucket name: "
                            + "3-63 lower-case letters, digits, '.' or '-'.");
                }
                String endpoint = text(d, "endpoint", base + ".endpoint", false);
                if (endpoint != null) {
                    URI uri;
                    try {
                        uri = URI.create(endpoint);
                    } catch (IllegalArgumentException e) {
                        uri = null;
                    }
                    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme())
                            || "https".equals(uri.getScheme())) || uri.getUserInfo() != null) {
                        throw invalid(base + ".endpoint", "endpoint is an http(s) URL such as https://s3.example.com.");
                    }
                }
                String region = text(d, "region", base + ".region", false);
                String keyId = text(d, "accessKeyId", base + ".accessKeyId", true);
                String secret = text(d, "secretAccessKey", base + ".secretAccessKey", false);
                if (secret == null || secret.equals(MASKED_SECRET)) {
                    if (previous != null && previous.destination() instanceof Destination.S3 old
                            && old.bucket().equals(container) && old.accessKeyId().equals(keyId)
                            && java.util.Objects.equals(old.endpoint(), endpoint)) {
                        secret = old.secretAccessKey();
                    } else {
                        throw invalid(base + ".secretAccessKey", "secretAccessKey is required (it is never shown "
                                + "again).");
                    }
                }
                JsonNode pathStyle = d.get("pathStyle");
                return new Destination.S3(endpoint, region == null ? "us-east-1" : region, container, root, keyId,
                        secret, pathStyle == null || pathStyle.isNull() ? endpoint != null : pathStyle.asBoolean());
            }
            default -> throw new Invalid("UnsupportedDestination", base + ".type",
                    "destination.type is Directory or S3.");
        }
    }

    /** A relative folder path: segments of letters, digits, '.', '_', '-', none of them '.' or '..'. */
    private static String folder(@Nullable String path, String target) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String trimmed = path.replaceAll("^/+|/+$", "");
        if (trimmed.length() > 512) {
            throw new Invalid("InvalidDestinationPath", target, "rootFolderPath has at most 512 characters.");
        }
        for (String segment : trimmed.split("/", -1)) {
            if (!FOLDER_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new Invalid("InvalidDestinationPath", target, "rootFolderPath is a relative path of folders "
                        + "named with letters, digits, '.', '_' or '-' (no '.' or '..' segment).");
            }
        }
        return trimmed;
    }

    /** The export's {@code properties} as the API shows them (secret masked) or as stored (with the secret). */
    public static ObjectNode properties(CostExport e, boolean withSecret) {
        ObjectNode p = JSON.createObjectNode();
        if (e.schedule() != null) {
            ObjectNode s = p.putObject("schedule");
            s.put("status", e.schedule().active() ? "Active" : "Inactive");
            s.put("recurrence", e.schedule().recurrence().name());
            ObjectNode period = s.putObject("recurrencePeriod");
            period.put("from", e.schedule().from().toString());
            if (e.schedule().to() != null) {
                period.put("to", e.schedule().to().toString());
            }
        }
        p.put("format", e.format().name());
        p.put("compressionMode", e.gzip() ? "gzip" : "None");
        ObjectNode d = p.putObject("deliveryInfo").putObject("destination");
        if (e.destination() instanceof Destination.S3 s3) {
            d.put("type", "S3");
            if (s3.endpoint() != null) {
                d.put("endpoint", s3.endpoint());
            }
            d.put("region", s3.region());
            d.put("container", s3.bucket());
            d.put("rootFolderPath", s3.rootFolderPath());
            d.put("accessKeyId", s3.accessKeyId());
            d.put("secretAccessKey", withSecret ? s3.secretAccessKey() : MASKED_SECRET);
            d.put("pathStyle", s3.pathStyle());
        } else if (e.destination() instanceof Destination.Directory dir) {
            d.put("type", "Directory");
            d.put("container", dir.container());
            d.put("rootFolderPath", dir.rootFolderPath());
        }
        ObjectNode def = p.putObject("definition");
        def.put("type", e.type().name());
        def.put("timeframe", e.timeframe().name());
        if (e.customFrom() != null) {
            ObjectNode period = def.putObject("timePeriod");
            period.put("from", e.customFrom().toString());
            period.put("to", e.customTo().toString());
        }
        ObjectNode dataSet = def.putObject("dataSet");
        if (e.granularity() != null) {
            dataSet.put("granularity", e.granularity().name());
        }
        if (!e.columns().isEmpty()) {
            ArrayNode columns = dataSet.putObject("configuration").putArray("columns");
            e.columns().forEach(columns::add);
        }
        p.put("partitionData", true);
        return p;
    }

    /** The stored form: the properties with the secret, and the creation and update times. */
    public static String stored(CostExport e) {
        ObjectNode n = JSON.createObjectNode();
        n.set("properties", properties(e, true));
        n.put("createdAt", e.createdAt().toString());
        n.put("updatedAt", e.updatedAt().toString());
        return JSON.writeValueAsString(n);
    }

    public static CostExport fromStored(ExportScope scope, String name, String json) {
        JsonNode n = JSON.readTree(json);
        CostExport e = parse(scope, name, n, null, Instant.parse(n.get("updatedAt").asString()));
        return new CostExport(e.scope(), e.name(), e.type(), e.timeframe(), e.customFrom(), e.customTo(), e.format(),
                e.gzip(), e.columns(), e.destination(), e.schedule(), Instant.parse(n.get("createdAt").asString()),
                e.updatedAt(), e.granularity());
    }

    // ---- runs

    /** A run as the run history shows it (ExportExecution / ExportRun). */
    public static ObjectNode run(ExportRun r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.settings().id() + "/Run/" + r.runId());
        n.put("name", r.runId());
        n.put("type", "Microsoft.CostManagement/exports/run");
        ObjectNode p = n.putObject("properties");
        p.put("executionType", r.executionType().name());
        p.put("status", r.status().name());
        p.put("submittedBy", r.submittedBy());
        p.put("submittedTime", r.submittedTime().toString());
        if (r.processingStartTime() != null) {
            p.put("processingStartTime", r.processingStartTime().toString());
        }
        if (r.processingEndTime() != null) {
            p.put("processingEndTime", r.processingEndTime().toString());
        }
        if (r.fileName() != null) {
            p.put("fileName", r.fileName());
        }
        p.set("runSettings", properties(r.settings(), false));
        if (r.error() != null) {
            ObjectNode error = p.putObject("error");
            error.put("code", r.errorCode());
            error.put("message", r.error());
        }
        return n;
    }

    // ---- manifest

    /** A partition's manifest (after Azure's partitioned-export manifest), with SHA-256 and BilledCost per file. */
    public static String manifest(ExportManifest m) {
        CostExport e = m.export();
        ObjectNode n = JSON.createObjectNode();
        n.put("manifestVersion", "2024-03-01");
        n.put("byteCount", m.bytes());
        n.put("blobCount", m.files().size());
        n.put("dataRowCount", m.rows());
        n.put("billedCost", m.billedCost().toPlainString());
        ObjectNode config = n.putObject("exportConfig");
        config.put("exportName", e.name());
        config.put("resourceId", e.id());
        config.put("dataVersion", e.type() == ExportType.FocusCost ? "1.2" : "2021-10-01");
        config.put("type", e.type().name());
        config.put("timeFrame", e.timeframe().name());
        if (e.granularity() != null) {
            config.put("granularity", e.granularity().name());
        }
        ObjectNode delivery = n.putObject("deliveryConfig");
        delivery.put("partitionData", true);
        delivery.put("dataOverwriteBehavior", "CreateNewReport");
        delivery.put("fileFormat", e.format().name());
        delivery.put("compressionMode", e.gzip() ? "gzip" : "None");
        delivery.put("destinationType", e.destination() instanceof Destination.S3 ? "S3" : "Directory");
        delivery.put("rootFolderPath", e.destination().rootFolderPath());
        ObjectNode run = n.putObject("runInfo");
        run.put("executionType", m.executionType().name());
        run.put("submittedTime", m.submittedTime().toString());
        run.put("runId", m.runId());
        run.put("billingPeriod", m.period().month().toString());
        run.put("startDate", m.dataFrom().toString());
        run.put("endDate", m.dataTo().toString());
        ArrayNode blobs = n.putArray("blobs");
        for (StagedFile f : m.files()) {
            ObjectNode b = blobs.addObject();
            b.put("blobName", m.partitionPath() + "/" + f.name());
            b.put("byteCount", f.bytes());
            b.put("dataRowCount", f.rows());
            b.put("sha256", f.sha256());
            b.put("billedCost", f.billedCost().toPlainString());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    // ---- helpers

    private static Invalid invalid(String target, String message) {
        return new Invalid("InvalidRequestContent", target, message);
    }

    private static JsonNode object(JsonNode parent, String field, String target) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw invalid(target, field + " is required (an object).");
        }
        return n;
    }

    private static @Nullable String text(JsonNode parent, String field, String target, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw invalid(target, field + " is required.");
            }
            return null;
        }
        if (!n.isString()) {
            throw invalid(target, field + " must be a string.");
        }
        return n.asString().trim();
    }

    private static String lower(@Nullable String s, String fallback) {
        return s == null ? fallback : s.toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String target, String code,
            String message) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new Invalid(code, target, "'" + value + "' is not allowed: " + message);
    }

    private static Instant instant(JsonNode parent, String field, String target) {
        String text = text(parent, field, target, true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(target, field + " is a UTC date-time such as 2026-09-01T00:00:00Z.");
        }
    }
}
