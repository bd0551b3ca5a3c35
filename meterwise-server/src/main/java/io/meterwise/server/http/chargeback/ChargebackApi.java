package io.meterwise.server.http.chargeback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.chargeback.Chargeback;
import io.meterwise.core.chargeback.ChargebackReport;
import io.meterwise.core.chargeback.ChargebackReportStore;
import io.meterwise.core.chargeback.ChargebackService;
import io.meterwise.core.chargeback.ChargebackService.ChargebackException;
import io.meterwise.core.chargeback.RuleProblem;
import io.meterwise.core.chargeback.RuleVersion;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.server.http.ArmQuery;
import io.meterwise.server.http.DownloadLinks;
import io.meterwise.server.http.paging.ContinuationTokens;
import io.meterwise.server.security.Caller;
import io.meterwise.server.chargeback.ChargebackJson;
import io.meterwise.server.chargeback.ShowbackStatement;
import io.meterwise.server.http.SubscriptionLookup;
import io.meterwise.server.http.error.ArmException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chargeback (ADR 0033): the subscription's rule versions, the chargeback report of a period, the
 * charges behind any of its amounts, and signed links to each cost centre's showback statement.
 */
@RestController
class ChargebackApi {

    private static final String PROVIDER = "/subscriptions/{subscriptionId}/providers/Meterwise";
    private static final String TYPE = "Meterwise/chargebackRules";
    /** Default and largest page of the drill-down. */
    static final int RECORDS_PAGE = 1000;

    private final Catalog catalog;
    private final ChargebackService service;
    private final DownloadLinks links;
    private final Clock clock;
    private final ContinuationTokens tokens;

    ChargebackApi(Catalog catalog, ChargebackService service, DownloadLinks links, Clock clock,
            ContinuationTokens tokens) {
        this.catalog = catalog;
        this.service = service;
        this.links = links;
        this.clock = clock;
        this.tokens = tokens;
    }

    // ---- rule versions

    @GetMapping(PROVIDER + "/chargebackRules")
    Map<String, Object> listRules(@PathVariable String subscriptionId) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        List<Object> value = new ArrayList<>();
        for (RuleVersion v : service.versions(s.subscriptionId())) {
            value.add(ruleJson(s, v));
        }
        return Map.of("value", value);
    }

    @GetMapping(PROVIDER + "/chargebackRules/{name}")
    ObjectNode getRules(@PathVariable String subscriptionId, @PathVariable String name) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        return ruleJson(s, version(s, name));
    }

    @PutMapping(PROVIDER + "/chargebackRules/{name}")
    ResponseEntity<ObjectNode> putRules(@PathVariable String subscriptionId, @PathVariable String name,
            @RequestBody JsonNode body) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}")) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidResourceName", "A rule version name has 1-80 "
                    + "letters, digits, '.', '_' or '-' and starts with a letter or digit.", "name");
        }
        boolean exists = service.versions(s.subscriptionId()).stream().anyMatch(v -> v.name().equals(name));
        RuleVersion version;
        try {
            version = ChargebackJson.rules(s.subscriptionId(), name, body == null ? null : body.get("properties"));
        } catch (ChargebackJson.Invalid e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent", e.getMessage(), e.target());
        }
        try {
            service.put(version);
        } catch (ChargebackException e) {
            throw problems(e);
        }
        return ResponseEntity.status(exists ? HttpStatus.OK : HttpStatus.CREATED).body(ruleJson(s, version));
    }

    @DeleteMapping(PROVIDER + "/chargebackRules/{name}")
    ResponseEntity<Void> deleteRules(@PathVariable String subscriptionId, @PathVariable String name) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        return service.delete(s.subscriptionId(), name) ? ResponseEntity.ok().build() : ResponseEntity.noContent().build();
    }

    // ---- reports

    record ReportRequest(@Nullable String period) {
    }

    record RecordsRequest(@Nullable String period, @Nullable String costCentre, @Nullable String part) {
    }

    @PostMapping(PROVIDER + "/chargeback")
    ObjectNode chargeback(@PathVariable String subscriptionId, @RequestBody(required = false) ReportRequest request) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        BillingPeriod period = period(request == null ? null : request.period());
        ChargebackReport report = report(s, period);
        ObjectNode body = ChargebackJson.report(report);
        for (JsonNode row : (ArrayNode) body.get("rows")) {
            String centre = row.get("costCentre").asString();
            ObjectNode statement = ((ObjectNode) row).putObject("statement");
            DownloadLinks.Link csv = links.signStatement(s.subscriptionId(), period.month().toString(), centre, "csv");
            DownloadLinks.Link pdf = links.signStatement(s.subscriptionId(), period.month().toString(), centre, "pdf");
            statement.put("csvUrl", absolute(csv.path()));
            statement.put("pdfUrl", absolute(pdf.path()));
            statement.put("expiryTime", csv.expiryTime().toString());
        }
        return body;
    }

    /**
     * The charges behind one amount, ordered by charge id, {@code $top} per page (default and maximum
     * {@link #RECORDS_PAGE}); {@code nextLink} pages by keyset (the last charge id, in a signed {@code $skiptoken} bound
     * to the caller, the subscription and the request): POST it with the same body.
     */
    @PostMapping(PROVIDER + "/chargeback/records")
    Map<String, Object> records(@PathVariable String subscriptionId,
            @RequestBody(required = false) RecordsRequest request, HttpServletRequest http) {
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        if (request == null || request.costCentre() == null) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent",
                    "The body names the period, the costCentre and the part (direct, or a shared-cost rule's name).",
                    "costCentre");
        }
        BillingPeriod period = period(request.period());
        String part = request.part() == null ? Chargeback.DIRECT : request.part();
        ArmQuery query = ArmQuery.of(http);
        int top = top(query);
        String scope = http.getRequestURI().toLowerCase(Locale.ROOT);
        String principal = Caller.of(http).id();
        String fingerprint = ContinuationTokens.fingerprint(period.month().toString(), request.costCentre(), part,
                Integer.toString(top));
        String after = query.optional("$skiptoken").map(token -> new String(tokens.verify(token, principal, scope,
                fingerprint), StandardCharsets.UTF_8)).orElse(null);
        List<Chargeback.Contribution> contributions = new ArrayList<>(behind(s, period, request.costCentre(), part));
        contributions.sort(Comparator.comparing((Chargeback.Contribution c) -> c.line().id()));
        List<Object> value = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (Chargeback.Contribution c : contributions) {
            if (after != null && c.line().id().compareTo(after) <= 0) {
                continue;
            }
            if (value.size() == top) {
                more = true;
                break;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("chargeId", c.line().id());
            line.put("chargeType", c.line().chargeType());
            line.put("resourceUri", c.line().resourceUri());
            line.put("meterCategory", c.line().meterCategory());
            line.put("tags", c.line().tags());
            line.put("cost", c.line().cost().toPlainString());
            line.put("allocated", c.allocated().stripTrailingZeros().toPlainString());
            value.add(line);
            last = c.line().id();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("period", period.month().toString());
        body.put("costCentre", request.costCentre());
        body.put("part", part);
        body.put("value", value);
        body.put("nextLink", more ? ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("$skiptoken",
                tokens.mint(principal, scope, fingerprint, last.getBytes(StandardCharsets.UTF_8))).build().encode()
                .toUriString() : null);
        return body;
    }

    private static int top(ArmQuery query) {
        String text = query.optional("$top").orElse(null);
        if (text == null) {
            return RECORDS_PAGE;
        }
        try {
            int top = Integer.parseInt(text.trim());
            if (top >= 1 && top <= RECORDS_PAGE) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidTop", "$top is a whole number from 1 to "
                + RECORDS_PAGE + ".", "$top");
    }

    // ---- showback statements (public path: the signature is the credential)

    @GetMapping(DownloadLinks.STATEMENT_PREFIX + "{subscriptionId}/{month}/{file}")
    ResponseEntity<byte[]> statement(@PathVariable String subscriptionId, @PathVariable String month,
            @PathVariable String file, @RequestParam(name = "se", required = false) String se,
            @RequestParam(name = "sig", required = false) String sig) {
        int dot = file.lastIndexOf('.');
        String format = dot < 0 ? "" : file.substring(dot + 1);
        if (se == null || sig == null || !(format.equals("csv") || format.equals("pdf"))) {
            throw new ArmException(HttpStatus.FORBIDDEN, "AuthenticationFailed",
                    "This link is not signed. Request a statement link from the chargeback API.");
        }
        String centre = file.substring(0, dot);
        links.verifyStatement(subscriptionId, month, centre, format, se, sig);
        Subscription s = SubscriptionLookup.require(catalog, subscriptionId);
        BillingPeriod period = period(month);
        ChargebackReportStore.Stored stored = stored(s, period);
        ChargebackReport.CostCentreRow row = stored.report().rows().stream()
                .filter(r -> r.costCentre().equals(centre)).findFirst()
                .orElseThrow(() -> ArmException.notFound("CostCentreNotFound", "The report has no cost centre '"
                        + centre + "'."));
        List<ShowbackStatement.Part> parts = new ArrayList<>();
        parts.add(new ShowbackStatement.Part(Chargeback.DIRECT, row.directRule(), row.direct(),
                behind(s, period, centre, Chargeback.DIRECT)));
        for (ChargebackReport.SharedPart p : row.shared()) {
            parts.add(new ShowbackStatement.Part(p.ruleName(), p.rule(), p.amount(),
                    behind(s, period, centre, p.ruleName())));
        }
        String name = "showback-" + period.month() + "-" + centre.replaceAll("[^A-Za-z0-9._-]", "_");
        if (format.equals("csv")) {
            return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                    .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                    .body(ShowbackStatement.csv(stored.report(), row, parts).getBytes(StandardCharsets.UTF_8));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + name + ".pdf\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(ShowbackStatement.pdf(s, stored.report(), row, parts));
    }

    // ---- helpers

    private ChargebackReport report(Subscription s, BillingPeriod period) {
        return stored(s, period).report();
    }

    private ChargebackReportStore.Stored stored(Subscription s, BillingPeriod period) {
        try {
            return service.reportWithRules(s, period);
        } catch (ChargebackException e) {
            throw problems(e);
        }
    }

    private List<Chargeback.Contribution> behind(Subscription s, BillingPeriod period, String centre, String part) {
        try {
            return service.behind(s, period, centre, part).orElseThrow(() -> ArmException.notFound(
                    "ChargebackPartNotFound", "The report of " + period.month() + " has no cost centre '" + centre
                            + "' with a part '" + part + "' (direct, or a shared-cost rule's name)."));
        } catch (ChargebackException e) {
            throw problems(e);
        }
    }

    private RuleVersion version(Subscription s, String name) {
        return service.versions(s.subscriptionId()).stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> ArmException.notFound("ChargebackRulesNotFound", "Subscription "
                        + s.subscriptionId() + " has no chargeback rule version '" + name + "'."));
    }

    private BillingPeriod period(@Nullable String text) {
        YearMonth month;
        try {
            month = YearMonth.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidPeriod", "period must be a month like 2026-10.",
                    "period");
        }
        YearMonth now = YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC));
        if (month.isAfter(now)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidPeriod", "period " + month
                    + " has not started; the latest period is " + now + ".", "period");
        }
        return new BillingPeriod(month);
    }

    private static ArmException problems(ChargebackException e) {
        HttpStatus status = switch (e.code()) {
            case "NoChargebackRules", "SubscriptionNotFound" -> HttpStatus.NOT_FOUND;
            default -> HttpStatus.BAD_REQUEST;
        };
        if (e.problems().isEmpty()) {
            return new ArmException(status, e.code(), e.getMessage());
        }
        RuleProblem first = e.problems().get(0);
        StringBuilder message = new StringBuilder(first.message());
        for (RuleProblem p : e.problems().subList(1, e.problems().size())) {
            message.append(" Also ").append(p.target()).append(": ").append(p.message());
        }
        return new ArmException(status, first.code(), message.toString(), first.target());
    }

    private static ObjectNode ruleJson(Subscription s, RuleVersion v) {
        ObjectNode n = ChargebackJson.JSON.createObjectNode();
        n.put("id", "/subscriptions/" + s.subscriptionId() + "/providers/Meterwise/chargebackRules/" + v.name());
        n.put("name", v.name());
        n.put("type", TYPE);
        n.set("properties", ChargebackJson.rules(v));
        return n;
    }

    private static String absolute(String path) {
        return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(path.substring(0, path.indexOf('?'))).build(true).toUriString() + path.substring(path.indexOf('?'));
    }

}
