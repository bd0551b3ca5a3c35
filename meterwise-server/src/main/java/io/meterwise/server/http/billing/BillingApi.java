package io.meterwise.server.http.billing;

import java.security.Principal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import io.meterwise.core.billing.Invoice;
import io.meterwise.core.billing.Invoices;
import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.time.BillingPeriod;
import io.meterwise.core.time.SupportedTime;
import io.meterwise.server.billing.BillingProperties;
import io.meterwise.server.billing.InvoiceDocuments;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.InvoiceSettings;
import io.meterwise.core.billing.IssuingFailures;
import io.meterwise.server.http.PublicUrls;
import io.meterwise.server.http.DownloadLinks;
import io.meterwise.server.http.error.ArmException;
import io.meterwise.server.http.odata.DateFilter;
import io.meterwise.server.http.paging.ContinuationTokens;

/**
 * The Microsoft.Billing Invoice and Billing Period APIs, invoice settings (opt-in), signed PDF downloads, the usage
 * CSV of an invoice, and the operator's issue command.
 */
@RestController
class BillingApi {

    private static final String PROVIDER = "/subscriptions/{subscriptionId}/providers/Microsoft.Billing";
    private static final Set<String> INVOICE_VERSIONS = Set.of("2017-02-27-preview", "2017-02-27",
            "2017-04-24-preview", "2018-03-01-preview");
    private static final Set<String> PERIOD_VERSIONS = Set.of("2017-04-24-preview", "2018-03-01-preview");
    private static final String END_DATE = "invoicePeriodEndDate";
    private static final String START_DATE = "invoicePeriodStartDate";
    private static final String PERIOD_END = "billingPeriodEndDate";
    private static final DateTimeFormatter PERIOD_NAME = DateTimeFormatter.ofPattern("yyyyMM");

    private final Catalog catalog;
    private final Invoices invoices;
    private final InvoiceService service;
    private final InvoiceSettings settings;
    private final InvoiceDocuments documents;
    private final DownloadLinks links;
    private final ContinuationTokens tokens;
    private final BillingProperties properties;
    private final PublicUrls urls;
    private final IssuingFailures failures;

    BillingApi(Catalog catalog, Invoices invoices, InvoiceService service, InvoiceSettings settings,
            InvoiceDocuments documents, DownloadLinks links, ContinuationTokens tokens, BillingProperties properties,
            PublicUrls urls, IssuingFailures failures) {
        this.urls = urls;
        this.failures = failures;
        this.catalog = catalog;
        this.invoices = invoices;
        this.service = service;
        this.settings = settings;
        this.documents = documents;
        this.links = links;
        this.tokens = tokens;
        this.properties = properties;
    }

    // ---- invoices

    @GetMapping(PROVIDER + "/invoices")
    Map<String, Object> listInvoices(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestParam(name = "$filter", required = false) String filter,
            @RequestParam(name = "$top", required = false) String top,
            @RequestParam(name = "$skiptoken", required = false) String skipToken,
            @RequestParam(name = "$expand", required = false) String expand, @Nullable Principal principal) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = invoiceAccess(subscriptionId);
        DateFilter parsed = DateFilter.parse(filter, Set.of(END_DATE, START_DATE));
        boolean withUrl = expandDownloadUrl(expand);
        List<Invoice> matching = invoices.ofSubscription(s.subscriptionId()).stream()
                .filter(i -> parsed.matches(END_DATE, i.periodEndDate())
                        && parsed.matches(START_DATE, i.periodStartDate()))
                .toList();
        return page(matching, i -> i.period().month() + "|" + i.name(), top, skipToken, principal,
                s.subscriptionId() + "/invoices", i -> invoiceJson(i, apiVersion, withUrl));
    }

    @GetMapping(PROVIDER + "/invoices/latest")
    Map<String, Object> latestInvoice(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String apiVersion) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = invoiceAccess(subscriptionId);
        Invoice latest = invoices.ofSubscription(s.subscriptionId()).stream().findFirst()
                .orElseThrow(() -> ArmException.notFound("InvoiceNotFound", "Subscription " + s.subscriptionId()
                        + " has no invoice yet: a billing period is invoiced " + properties.grace().toHours()
                        + " hours after it ends."));
        return invoiceJson(latest, apiVersion, true);
    }

    @GetMapping(PROVIDER + "/invoices/{invoiceName}")
    Map<String, Object> getInvoice(@PathVariable String subscriptionId, @PathVariable String invoiceName,
            @RequestParam(name = "api-version", required = false) String apiVersion) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = invoiceAccess(subscriptionId);
        return invoiceJson(invoice(s, invoiceName), apiVersion, true);
    }

    @GetMapping(PROVIDER + "/invoices/{invoiceName}/usageDetails.csv")
    ResponseEntity<String> usageDetails(@PathVariable String subscriptionId, @PathVariable String invoiceName,
            @RequestParam(name = "api-version", required = false) String apiVersion) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = invoiceAccess(subscriptionId);
        Invoice invoice = invoice(s, invoiceName);
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + invoice.name() + "-usage.csv\"")
                .body(documents.usageCsv(invoice));
    }

    // ---- billing periods

    @GetMapping(PROVIDER + "/billingPeriods")
    Map<String, Object> listPeriods(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestParam(name = "$filter", required = false) String filter,
            @RequestParam(name = "$top", required = false) String top,
            @RequestParam(name = "$skiptoken", required = false) String skipToken, @Nullable Principal principal) {
        apiVersion(apiVersion, PERIOD_VERSIONS);
        Subscription s = billingSubscription(subscriptionId);
        DateFilter parsed = DateFilter.parse(filter, Set.of(PERIOD_END));
        Map<BillingPeriod, List<String>> invoiceIds = invoiceIdsByPeriod(s);
        List<BillingPeriod> matching = service.periodsOf(s.subscriptionId()).stream()
                .filter(p -> parsed.matches(PERIOD_END, lastDay(p))).toList();
        return page(matching, p -> p.month().toString(), top, skipToken, principal,
                s.subscriptionId() + "/billingPeriods", p -> periodJson(s.subscriptionId(), p, invoiceIds));
    }

    @GetMapping(PROVIDER + "/billingPeriods/{billingPeriodName}")
    Map<String, Object> getPeriod(@PathVariable String subscriptionId, @PathVariable String billingPeriodName,
            @RequestParam(name = "api-version", required = false) String apiVersion) {
        apiVersion(apiVersion, PERIOD_VERSIONS);
        Subscription s = billingSubscription(subscriptionId);
        BillingPeriod period = parsePeriodName(billingPeriodName);
        if (period == null || !service.periodsOf(s.subscriptionId()).contains(period)) {
            throw ArmException.notFound("BillingPeriodNotFound", "The billing period '" + billingPeriodName
                    + "' does not exist for subscription " + s.subscriptionId()
                    + ". Names look like 202609-1 (yyyyMM of the month, then -1).");
        }
        return periodJson(s.subscriptionId(), period, invoiceIdsByPeriod(s));
    }

    // ---- settings (opt-in)

    @PutMapping(PROVIDER + "/invoiceSettings/default")
    Map<String, Object> putSettings(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String apiVersion,
            @RequestBody Map<String, Object> body) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = billingSubscription(subscriptionId);
        Object props = body.get("properties");
        Object optIn = props instanceof Map<?, ?> m ? m.get("invoiceDownloadOptIn") : null;
        if (!(optIn instanceof Boolean value)) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidRequestContent",
                    "The body must be {\"properties\":{\"invoiceDownloadOptIn\":true}} (or false).",
                    "properties.invoiceDownloadOptIn");
        }
        settings.setDownloadOptIn(s.subscriptionId(), value);
        return settingsJson(s.subscriptionId());
    }

    @GetMapping(PROVIDER + "/invoiceSettings/default")
    Map<String, Object> getSettings(@PathVariable String subscriptionId,
            @RequestParam(name = "api-version", required = false) String apiVersion) {
        apiVersion(apiVersion, INVOICE_VERSIONS);
        Subscription s = billingSubscription(subscriptionId);
        return settingsJson(s.subscriptionId());
    }

    // ---- signed download (public path: no bearer token, the signature is the credential)

    @GetMapping(DownloadLinks.PATH_PREFIX + "{subscriptionId}/{file}")
    ResponseEntity<byte[]> download(@PathVariable String subscriptionId, @PathVariable String file,
            @RequestParam(name = "se", required = false) String se,
            @RequestParam(name = "sig", required = false) String sig) {
        if (se == null || sig == null || !file.endsWith(".pdf")) {
            throw new ArmException(HttpStatus.FORBIDDEN, "AuthenticationFailed",
                    "This link is not signed. Request a downloadUrl from the Invoice API.");
        }
        String name = file.substring(0, file.length() - ".pdf".length());
        links.verify(subscriptionId, name, se, sig);
        Subscription s = invoiceAccess(subscriptionId);
        Invoice invoice = invoice(s, name);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"" + invoice.name() + ".pdf\"")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(documents.pdf(invoice));
    }

    // ---- operator

    record IssueRequest(@Nullable String period, @Nullable String subscriptionId) {
    }

    @PostMapping("/providers/Meterwise/invoices/issue")
    Map<String, Object> issue(@RequestBody(required = false) @Nullable IssueRequest request) {
        YearMonth month = null;
        UUID subscription = null;
        if (request != null && request.period() != null) {
            try {
                month = YearMonth.parse(request.period());
            } catch (DateTimeParseException e) {
                throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidPeriod",
                        "period must be a month like 2026-10.", "period");
            }
            String outside = SupportedTime.problem(month);
            if (outside != null) {
                throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidPeriod", "period " + outside + ".", "period");
            }
        }
        if (request != null && request.subscriptionId() != null) {
            subscription = uuid(request.subscriptionId());
        }
        InvoiceService.IssueReport report = service.issue(month, subscription);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issued", report.issued());
        body.put("alreadyIssued", report.alreadyIssued());
        body.put("failures", report.failures());
        return body;
    }

    /** What the latest issuing runs could not invoice, with the reasons (ADR 0016). */
    @GetMapping("/providers/Meterwise/invoices/issueFailures")
    Map<String, Object> issueFailures() {
        List<Map<String, Object>> value = new ArrayList<>();
        for (IssuingFailures.Failure f : failures.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("subscriptionId", f.subscriptionId().toString());
            row.put("period", f.period().toString());
            row.put("reason", f.reason());
            row.put("failedAt", f.failedAt().toString());
            value.add(row);
        }
        return Map.of("value", value);
    }

    // ---- helpers

    private <T> Map<String, Object> page(List<T> all, Function<T, String> keyOf, String top, String skipToken,
            @Nullable Principal principal, String scope, Function<T, Map<String, Object>> render) {
        int limit = top(top);
        String principalId = principal == null ? "anonymous" : principal.getName();
        String fingerprint = fingerprint();
        int start = 0;
        int returned = 0;
        if (skipToken != null) {
            String payload = new String(tokens.verify(skipToken, principalId, scope, fingerprint),
                    java.nio.charset.StandardCharsets.UTF_8);
            int bar = payload.lastIndexOf('#');
            String afterKey = payload.substring(0, bar);
            returned = Integer.parseInt(payload.substring(bar + 1));
            start = all.size();
            for (int i = 0; i < all.size(); i++) {
                if (keyOf.apply(all.get(i)).compareTo(afterKey) < 0) {
                    start = i;
                    break;
                }
            }
        }
        int pageSize = Math.min(properties.pageSize(), limit - returned);
        int end = Math.min(all.size(), start + Math.max(pageSize, 0));
        List<Map<String, Object>> value = new ArrayList<>();
        for (int i = start; i < end; i++) {
            value.add(render.apply(all.get(i)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value);
        int total = returned + value.size();
        if (end < all.size() && total < limit && end > start) {
            String token = tokens.mint(principalId, scope, fingerprint,
                    (keyOf.apply(all.get(end - 1)) + "#" + total).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            body.put("nextLink", urls.nextLink(currentRequest(), "$skiptoken", token));
        }
        return body;
    }

    /**
     * The query that a skiptoken is bound to: the path and every parameter but the token itself, decoded (so the
     * spelling of the encoding does not matter), names in lower case, in a stable order.
     */
    private static String fingerprint() {
        HttpServletRequest request = currentRequest();
        TreeMap<String, List<String>> params = new TreeMap<>();
        request.getParameterMap().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("$skiptoken")) {
                params.merge(k.toLowerCase(Locale.ROOT), List.of(v), (a, b) -> {
                    List<String> both = new ArrayList<>(a);
                    both.addAll(b);
                    return both;
                });
            }
        });
        return request.getRequestURI().toLowerCase(Locale.ROOT) + "?" + params;
    }

    /** The request being answered (this controller is also built in the command-line contexts, without one). */
    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private static int top(String top) {
        if (top == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(top.trim());
            if (n >= 1 && n <= 100) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidTop",
                "$top must be an integer from 1 to 100; it was '" + top + "'.", "$top");
    }

    private static boolean expandDownloadUrl(String expand) {
        if (expand == null || expand.isBlank()) {
            return false;
        }
        for (String part : expand.split(",")) {
            if (!part.trim().equalsIgnoreCase("downloadUrl")) {
                throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidExpand",
                        "$expand supports only 'downloadUrl'; it was '" + expand + "'.", "$expand");
            }
        }
        return true;
    }

    private static void apiVersion(String apiVersion, Set<String> supported) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests. Supported: "
                            + new java.util.TreeSet<>(supported) + ".", "api-version");
        }
        if (!supported.contains(apiVersion.toLowerCase(Locale.ROOT))) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidApiVersionParameter", "The api-version '"
                    + apiVersion + "' is invalid here. Supported: " + new java.util.TreeSet<>(supported) + ".",
                    "api-version");
        }
    }

    private Subscription billingSubscription(String subscriptionId) {
        UUID id;
        try {
            id = UUID.fromString(subscriptionId);
        } catch (IllegalArgumentException e) {
            throw notFound(subscriptionId);
        }
        Subscription s = catalog.subscription(id).orElseThrow(() -> notFound(subscriptionId));
        boolean unsupported = catalog.offer(s.offerDurableId())
                .map(o -> o.type() == OfferType.ENTERPRISE_AGREEMENT).orElse(false);
        if (unsupported) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "UnsupportedSubscriptionType",
                    "Subscription " + subscriptionId + " is not supported.", "subscriptionId");
        }
        return s;
    }

    private Subscription invoiceAccess(String subscriptionId) {
        Subscription s = billingSubscription(subscriptionId);
        if (!settings.downloadOptIn(s.subscriptionId())) {
            throw new ArmException(HttpStatus.CONFLICT, "InvoiceAccessNotEnabled", "Invoice access through the API "
                    + "is not enabled for subscription " + subscriptionId + ". The subscription Owner enables it with "
                    + "PUT /subscriptions/" + subscriptionId + "/providers/Microsoft.Billing/invoiceSettings/default"
                    + "?api-version=2017-04-24-preview and body {\"properties\":{\"invoiceDownloadOptIn\":true}}.",
                    "subscriptionId");
        }
        return s;
    }

    private static ArmException notFound(String subscriptionId) {
        return new ArmException(HttpStatus.NOT_FOUND, "SubscriptionNotFound",
                "The subscription '" + subscriptionId + "' could not be found.", "subscriptionId");
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ArmException(HttpStatus.BAD_REQUEST, "InvalidSubscriptionId",
                    "subscriptionId must be a GUID; it was '" + text + "'.", "subscriptionId");
        }
    }

    private Invoice invoice(Subscription s, String name) {
        return invoices.find(s.subscriptionId(), name).orElseThrow(() -> ArmException.notFound("InvoiceNotFound",
                "The invoice '" + name + "' does not exist for subscription " + s.subscriptionId()
                        + ". List invoices to see their names."));
    }

    private Map<BillingPeriod, List<String>> invoiceIdsByPeriod(Subscription s) {
        Map<BillingPeriod, List<String>> result = new TreeMap<>();
        for (Invoice invoice : invoices.ofSubscription(s.subscriptionId())) {
            for (BillingPeriod p : invoice.billingPeriods()) {
                result.computeIfAbsent(p, k -> new ArrayList<>()).add(invoiceId(s.subscriptionId(), invoice));
            }
        }
        return result;
    }

    private Map<String, Object> invoiceJson(Invoice invoice, String apiVersion, boolean withUrl) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("invoicePeriodStartDate", invoice.periodStartDate().toString());
        props.put("invoicePeriodEndDate", invoice.periodEndDate().toString());
        if (!apiVersion.startsWith("2017-02-27")) {
            props.put("billingPeriodIds", invoice.billingPeriods().stream()
                    .map(p -> periodId(invoice.subscriptionId(), p)).toList());
        }
        if (withUrl) {
            DownloadLinks.Link link = links.sign(invoice.subscriptionId(), invoice.name());
            Map<String, Object> url = new LinkedHashMap<>();
            url.put("expiryTime", link.expiryTime().toString());
            url.put("url", urls.absolute(currentRequest(), link.path()));
            props.put("downloadUrl", url);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", invoiceId(invoice.subscriptionId(), invoice));
        body.put("name", invoice.name());
        body.put("type", "Microsoft.Billing/invoices");
        body.put("properties", props);
        return body;
    }

    private Map<String, Object> periodJson(UUID subscriptionId, BillingPeriod period,
            Map<BillingPeriod, List<String>> invoiceIds) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("billingPeriodStartDate", period.startDate().toString());
        props.put("billingPeriodEndDate", lastDay(period).toString());
        props.put("invoiceIds", invoiceIds.getOrDefault(period, List.of()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", periodId(subscriptionId, period));
        body.put("name", periodName(period));
        body.put("type", "Microsoft.Billing/billingPeriods");
        body.put("properties", props);
        return body;
    }

    private Map<String, Object> settingsJson(UUID subscriptionId) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("invoiceDownloadOptIn", settings.downloadOptIn(subscriptionId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "/subscriptions/" + subscriptionId + "/providers/Microsoft.Billing/invoiceSettings/default");
        body.put("name", "default");
        body.put("type", "Microsoft.Billing/invoiceSettings");
        body.put("properties", props);
        return body;
    }

    private static LocalDate lastDay(BillingPeriod period) {
        return period.endDate().minusDays(1);
    }

    private static String invoiceId(UUID subscriptionId, Invoice invoice) {
        return "/subscriptions/" + subscriptionId + "/providers/Microsoft.Billing/invoices/" + invoice.name();
    }

    private static String periodId(UUID subscriptionId, BillingPeriod period) {
        return "/subscriptions/" + subscriptionId + "/providers/Microsoft.Billing/billingPeriods/" + periodName(period);
    }

    static String periodName(BillingPeriod period) {
        return PERIOD_NAME.format(period.month()) + "-1";
    }

    static @Nullable BillingPeriod parsePeriodName(String name) {
        if (!name.matches("\\d{6}-1")) {
            return null;
        }
        try {
            return new BillingPeriod(YearMonth.parse(name.substring(0, 6), PERIOD_NAME));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
