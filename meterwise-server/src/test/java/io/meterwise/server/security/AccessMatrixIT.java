package io.meterwise.server.security;

import io.meterwise.core.testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.server.PathContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import io.meterwise.core.access.Role;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.budget.AlertEvaluation;
import io.meterwise.core.billing.InvoiceSettings;
import io.meterwise.server.storage.jdbc.JdbcInvoices;
import io.meterwise.server.testing.TestTokens;
import io.meterwise.core.access.RoleAssignmentStore;

/**
 * Every caller against every endpoint of the server, over HTTP: the status the permission matrix of docs/access.md
 * promises, and that no data of a subscription the caller may not see appears in the body (error messages and
 * nextLinks included). Subscriptions A and B hold catalog, usage and issued invoices of their own; every cell calls
 * an endpoint on A, and the callers without a role on A include the Owner of B, so leaks are checked both ways.
 * {@link #everyRouteOfTheServerIsInTheMatrix()} keeps the matrix complete as controllers are added.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"meterwise.billing.scheduler-enabled=false", "meterwise.billing.page-size=1"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixIT {

    static final UUID A = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0a01");
    static final UUID B = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0b02");
    static final UUID MISSING = UUID.fromString("0b5f8b8e-1d7e-4a55-9a7e-6a3c2d1e0c03");
    static final String A_NAME = "Contoso secret project A";
    static final String B_NAME = "Fabrikam secret project B";
    static final String A_OFFER = "MS-AZR-0003P";
    static final String B_OFFER = "MS-AZR-0044P";
    static final UUID SHARED_METER = UUID.fromString("7c0e0000-0000-4000-8000-00000000000a");
    static final UUID A_METER = UUID.fromString("7c0e0000-0000-4000-8000-0000000000a1");
    static final UUID B_METER = UUID.fromString("7c0e0000-0000-4000-8000-0000000000b1");
    static final String A_METER_NAME = "Contoso Confidential GPU Hours";
    static final String B_METER_NAME = "Fabrikam Quantum Annealer Hours";
    static final String A_RESOURCE = "contoso-hidden-vm";
    static final String B_RESOURCE = "fabrikam-hidden-vm";
    static final int A_RESOURCES = 50;
    static final String EXTERNAL_AUDIENCE = "api://meterwise-external";
    /** Usage is reported at SEEDED; everything else happens at NOW, when August and September are closed. */
    static final Instant SEEDED = Instant.parse("2026-10-05T08:00:00Z");
    static final Instant NOW = Instant.parse("2026-10-06T12:00:00Z");
    static final MovableClock CLOCK = new MovableClock(SEEDED);
    static final String WINDOW = "&reportedStartTime=2026-10-05T00:00:00Z&reportedEndTime=2026-10-06T00:00:00Z";
    static final String INVOICE_VERSION = "2017-04-24-preview";
    static final String PERIOD_VERSION = "2018-03-01-preview";

    /** Not a {@code @TempDir}: with a per-class lifecycle the context starts before JUnit injects one. */
    static Path dataDir;
    static HttpServer externalIssuer;
    static ECKey externalKey;
    static String externalIssuerId;

    @TestConfiguration
    static class Fixtures {
        @Bean
        @Primary
        Clock matrixClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        externalKey = new ECKeyGenerator(Curve.P_256).keyID("external-1").generate();
        externalIssuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + externalIssuer.getAddress().getPort() + "/tenant-x";
        externalIssuerId = base;
        serve("/tenant-x/.well-known/openid-configuration",
                "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base + "/keys\"}");
        serve("/tenant-x/keys", new JWKSet(externalKey.toPublicJWK()).toString());
        externalIssuer.start();
        dataDir = Files.createTempDirectory("meterwise-access");
        registry.add("meterwise.data-dir", () -> dataDir.toString());
        registry.add("meterwise.security.external.issuer", () -> base);
        registry.add("meterwise.security.external.audience", () -> EXTERNAL_AUDIENCE);
    }

    private static void serve(String path, String body) {
        externalIssuer.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterAll
    static void stopExternalIssuer() throws IOException {
        externalIssuer.stop(0);
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    enum Caller {
        OWNER, CONTRIBUTOR, READER, BILLING_READER, EXTERNAL_READER, NO_ROLE, OWNER_OF_B, OPERATOR,
        EXPIRED, TAMPERED, UNKNOWN_ISSUER, ALG_NONE, HMAC_WITH_PUBLIC_KEY, UNKNOWN_KID, WRONG_AUDIENCE,
        EXTERNAL_WRONG_AUDIENCE, NO_TOKEN;

        boolean authenticated() {
            return ordinal() <= OPERATOR.ordinal();
        }

        boolean seesA() {
            return this == OWNER || this == CONTRIBUTOR || this == READER || this == BILLING_READER
                    || this == EXTERNAL_READER || this == OPERATOR;
        }

        boolean seesB() {
            return this == OWNER_OF_B || this == OPERATOR;
        }
    }

    enum Need { PUBLIC, SIGNED_IN, READ, MANAGE_COST, OWNER, OPERATOR }

    private static final String SUB_A = "/subscriptions/" + A;
    private static final String AUTHZ = SUB_A + "/providers/Microsoft.Authorization";
    private static final String COMMERCE = SUB_A + "/providers/Microsoft.Commerce";
    private static final String BILLING = SUB_A + "/providers/Microsoft.Billing";
    private static final String METERWISE = SUB_A + "/providers/Meterwise";
    private static final String EXPORTS = SUB_A + "/providers/Microsoft.CostManagement/exports";
    private static final String RG_EXPORTS = SUB_A + "/resourceGroups/rg/providers/Microsoft.CostManagement/exports";
    private static final String EXPORT = "{\"properties\":{\"format\":\"Csv\",\"deliveryInfo\":{\"destination\":"
            + "{\"type\":\"Directory\",\"container\":\"matrix\",\"rootFolderPath\":\"costs\"}},\"definition\":"
            + "{\"type\":\"FocusCost\",\"timeframe\":\"TheLastMonth\"}}}";
    private static final String CHARGEBACK_RULES = "{\"properties\":{\"effectiveFrom\":\"2026-01\",\"tagKey\":"
            + "\"project\",\"costCentres\":[\"apps\",\"untagged\"],\"valueAliases\":{\"contoso-tag\":\"apps\"},"
            + "\"untaggedCostCentre\":\"untagged\"}}";
    private static final String JSON = "application/json";
    private static final String BUDGETS = "/providers/Microsoft.Consumption/budgets";
    private static final String RG_A = SUB_A + "/resourceGroups/rg";
    private static final String ALERTS = "/providers/Microsoft.CostManagement/alerts";
    /** A quarterly budget from August: on NOW its period (August to October) holds A's usage, above 1 % of 1 USD. */
    private static final String BUDGET = "{\"properties\":{\"category\":\"Cost\",\"amount\":1,\"timeGrain\":"
            + "\"Quarterly\",\"timePeriod\":{\"startDate\":\"2026-08-01T00:00:00Z\"},\"notifications\":{\"n\":{"
            + "\"enabled\":true,\"operator\":\"GreaterThan\",\"threshold\":1,\"contactEmails\":[\"a@contoso.com\"]}}}}";
    private static final String USAGE_RULE = "{\"properties\":{\"category\":\"Usage\",\"meterId\":\""
            + "7c0e0000-0000-4000-8000-00000000000a\",\"amount\":500,\"timeGrain\":\"Monthly\",\"timePeriod\":{"
            + "\"startDate\":\"2026-08-01T00:00:00Z\"},\"notifications\":{\"n\":{\"enabled\":true,\"operator\":"
            + "\"GreaterThan\",\"threshold\":100,\"contactEmails\":[\"a@contoso.com\"]}}}}";
    private static final String WEBHOOK = "{\"url\":\"https://hooks.example.com/matrix\"}";

    /**
     * One row per route and method. Placeholders are filled in at call time: {@code {ownerAssignment}},
     * {@code {new}} (a fresh GUID), {@code {invoiceA}} (an issued invoice of A), {@code {downloadA}} (the signed
     * link of that invoice, path and query).
     */
    enum Endpoint {
        // Microsoft.Resources and Microsoft.Authorization
        LIST_SUBSCRIPTIONS("GET", "/subscriptions?api-version=2020-01-01", Need.SIGNED_IN, 200),
        GET_SUBSCRIPTION("GET", SUB_A + "?api-version=2020-01-01", Need.READ, 200),
        MISSING_SUBSCRIPTION("GET", "/subscriptions/" + MISSING + "/providers/Microsoft.Authorization/roleAssignments"
                + "?api-version=2022-04-01", Need.OPERATOR, 404),
        LIST_ASSIGNMENTS("GET", AUTHZ + "/roleAssignments?api-version=2022-04-01", Need.READ, 200),
        GET_ASSIGNMENT("GET", AUTHZ + "/roleAssignments/{ownerAssignment}?api-version=2022-04-01", Need.READ, 200),
        PUT_ASSIGNMENT("PUT", AUTHZ + "/roleAssignments/{new}?api-version=2022-04-01", Need.OWNER, 201),
        DELETE_ASSIGNMENT("DELETE", AUTHZ + "/roleAssignments/{new}?api-version=2022-04-01", Need.OWNER, 204),
        LIST_ROLE_DEFINITIONS("GET", AUTHZ + "/roleDefinitions?api-version=2022-04-01", Need.READ, 200),
        GET_ROLE_DEFINITION("GET", AUTHZ + "/roleDefinitions/" + Role.READER.definitionId()
                + "?api-version=2022-04-01", Need.READ, 200),
        // Microsoft.Commerce
        USAGE_DAILY("GET", COMMERCE + "/UsageAggregates?api-version=2015-06-01-preview" + WINDOW, Need.READ, 200),
        USAGE_HOURLY("GET", COMMERCE + "/UsageAggregates?api-version=2015-06-01-preview" + WINDOW
                + "&aggregationGranularity=Hourly&showDetails=true", Need.READ, 200),
        RATE_CARD("GET", COMMERCE + "/RateCard?api-version=2016-08-31-preview&$filter=" + URLEncoder.encode(
                "OfferDurableId eq '" + A_OFFER + "' and Currency eq 'USD' and Locale eq 'en-US' and RegionInfo eq 'US'",
                StandardCharsets.UTF_8), Need.READ, 200),
        COMMERCE_WRITE("POST", COMMERCE + "/UsageAggregates?api-version=2015-06-01-preview", Need.OPERATOR, 405),
        // Microsoft.Billing
        LIST_BILLING_PERIODS("GET", BILLING + "/billingPeriods?api-version=" + PERIOD_VERSION, Need.READ, 200),
        GET_BILLING_PERIOD("GET", BILLING + "/billingPeriods/202609-1?api-version=" + PERIOD_VERSION, Need.READ, 200),
        LIST_INVOICES("GET", BILLING + "/invoices?api-version=" + INVOICE_VERSION + "&$expand=downloadUrl",
                Need.READ, 200),
        LATEST_INVOICE("GET", BILLING + "/invoices/latest?api-version=" + INVOICE_VERSION, Need.READ, 200),
        GET_INVOICE("GET", BILLING + "/invoices/{invoiceA}?api-version=" + INVOICE_VERSION, Need.READ, 200),
        INVOICE_USAGE_CSV("GET", BILLING + "/invoices/{invoiceA}/usageDetails.csv?api-version=" + INVOICE_VERSION,
                Need.READ, 200),
        GET_INVOICE_SETTINGS("GET", BILLING + "/invoiceSettings/default?api-version=" + INVOICE_VERSION, Need.READ,
                200),
        PUT_INVOICE_SETTINGS("PUT", BILLING + "/invoiceSettings/default?api-version=" + INVOICE_VERSION, Need.OWNER,
                200),
        SIGNED_DOWNLOAD("GET", "{downloadA}", Need.PUBLIC, 200),
        // provider operations: any signed-in caller
        BILLING_OPERATIONS("GET", "/providers/Microsoft.Billing/operations?api-version=2018-03-01-preview",
                Need.SIGNED_IN, 200),
        COMMERCE_OPERATIONS("GET", "/providers/Microsoft.Commerce/operations?api-version=2015-06-01-preview",
                Need.SIGNED_IN, 200),
        AUTHORIZATION_OPERATIONS("GET", "/providers/Microsoft.Authorization/operations?api-version=2022-04-01",
                Need.SIGNED_IN, 200),
        // Microsoft.CostManagement: the query is a POST that only reads
        COST_QUERY("POST", SUB_A + "/providers/Microsoft.CostManagement/query?api-version=2023-03-01", Need.READ, 200),
        COST_QUERY_RESOURCE_GROUP("POST", SUB_A + "/resourceGroups/rg/providers/Microsoft.CostManagement/query"
                + "?api-version=2022-10-01", Need.READ, 200),
        COST_QUERY_BILLING_PERIOD("POST", BILLING + "/billingPeriods/202609/providers/Microsoft.CostManagement/query"
                + "?api-version=2023-03-01", Need.READ, 200),
        COST_DIMENSIONS("GET", SUB_A + "/providers/Microsoft.CostManagement/dimensions?api-version=2023-03-01"
                + "&$expand=properties/data&$filter=properties/usageStart%20ge%20'2026-09-01'%20and%20"
                + "properties/usageEnd%20le%20'2026-09-30'", Need.READ, 200),
        COST_DIMENSIONS_RESOURCE_GROUP("GET", SUB_A + "/resourceGroups/rg/providers/Microsoft.CostManagement/dimensions"
                + "?api-version=2022-10-01", Need.READ, 200),
        // Microsoft.Consumption
        USAGE_DETAILS("GET", SUB_A + "/providers/Microsoft.Consumption/usageDetails?api-version=2021-10-01"
                + "&$expand=properties/meterDetails&$filter=properties/usageStart%20ge%20'2026-09-01'%20and%20"
                + "properties/usageEnd%20le%20'2026-09-30'", Need.READ, 200),
        USAGE_DETAILS_BILLING_PERIOD("GET", BILLING + "/billingPeriods/202609-1/providers/Microsoft.Consumption/"
                + "usageDetails?api-version=2024-08-01&$top=5", Need.READ, 200),
        PRICE_SHEET("GET", SUB_A + "/providers/Microsoft.Consumption/pricesheets/default?api-version=2021-10-01"
                + "&$expand=properties/meterDetails", Need.READ, 200),
        PRICE_SHEET_BILLING_PERIOD("GET", BILLING + "/billingPeriods/202609/providers/Microsoft.Consumption/"
                + "pricesheets/default?api-version=2024-08-01", Need.READ, 200),
        COST_FORECAST("POST", SUB_A + "/providers/Microsoft.CostManagement/forecast?api-version=2023-03-01", Need.READ,
                200),
        COST_FORECAST_RESOURCE_GROUP("POST", SUB_A + "/resourceGroups/rg/providers/Microsoft.CostManagement/forecast"
                + "?api-version=2022-10-01", Need.READ, 200),
        COST_FORECAST_BILLING_ACCOUNT("POST", "/providers/Microsoft.Billing/billingAccounts/matrix/providers/"
                + "Microsoft.CostManagement/forecast?api-version=2023-03-01", Need.SIGNED_IN, 400),
        COST_FORECAST_MANAGEMENT_GROUP("POST", "/providers/Microsoft.Management/managementGroups/matrix/providers/"
                + "Microsoft.CostManagement/forecast?api-version=2023-03-01", Need.SIGNED_IN, 400),
        COST_QUERY_BILLING_ACCOUNT("POST", "/providers/Microsoft.Billing/billingAccounts/matrix/providers/"
                + "Microsoft.CostManagement/query?api-version=2023-03-01", Need.SIGNED_IN, 400),
        COST_QUERY_MANAGEMENT_GROUP("POST", "/providers/Microsoft.Management/managementGroups/matrix/providers/"
                + "Microsoft.CostManagement/query?api-version=2023-03-01", Need.SIGNED_IN, 400),
        // Meterwise chargeback on a subscription: Owner and Contributor manage rules, readers read reports
        LIST_CHARGEBACK_RULES("GET", METERWISE + "/chargebackRules", Need.READ, 200),
        GET_CHARGEBACK_RULES("GET", METERWISE + "/chargebackRules/matrix", Need.READ, 200),
        PUT_CHARGEBACK_RULES("PUT", METERWISE + "/chargebackRules/matrix", Need.MANAGE_COST, 200),
        DELETE_CHARGEBACK_RULES("DELETE", METERWISE + "/chargebackRules/{new}", Need.MANAGE_COST, 204),
        CHARGEBACK_REPORT("POST", METERWISE + "/chargeback", Need.READ, 200),
        CHARGEBACK_RECORDS("POST", METERWISE + "/chargeback/records", Need.READ, 200),
        SIGNED_STATEMENT("GET", "{statementA}", Need.PUBLIC, 200),
        // budgets, usage alert rules and alerts: Owner and Contributor manage, readers read (ADR 0041)
        LIST_BUDGETS("GET", SUB_A + BUDGETS + "?api-version=2024-08-01", Need.READ, 200),
        GET_BUDGET("GET", SUB_A + BUDGETS + "/matrix?api-version=2021-10-01", Need.READ, 200),
        PUT_BUDGET("PUT", SUB_A + BUDGETS + "/matrix?api-version=2024-08-01", Need.MANAGE_COST, 200),
        DELETE_BUDGET("DELETE", SUB_A + BUDGETS + "/{new}?api-version=2024-08-01", Need.MANAGE_COST, 204),
        LIST_RG_BUDGETS("GET", RG_A + BUDGETS + "?api-version=2024-08-01", Need.READ, 200),
        GET_RG_BUDGET("GET", RG_A + BUDGETS + "/matrix?api-version=2024-08-01", Need.READ, 200),
        PUT_RG_BUDGET("PUT", RG_A + BUDGETS + "/matrix?api-version=2021-10-01", Need.MANAGE_COST, 200),
        DELETE_RG_BUDGET("DELETE", RG_A + BUDGETS + "/{new}?api-version=2021-10-01", Need.MANAGE_COST, 204),
        LIST_USAGE_RULES("GET", METERWISE + "/usageAlertRules", Need.READ, 200),
        GET_USAGE_RULE("GET", METERWISE + "/usageAlertRules/matrix", Need.READ, 200),
        PUT_USAGE_RULE("PUT", METERWISE + "/usageAlertRules/matrix", Need.MANAGE_COST, 200),
        DELETE_USAGE_RULE("DELETE", METERWISE + "/usageAlertRules/{new}", Need.MANAGE_COST, 204),
        LIST_RG_USAGE_RULES("GET", RG_A + "/providers/Meterwise/usageAlertRules", Need.READ, 200),
        GET_RG_USAGE_RULE("GET", RG_A + "/providers/Meterwise/usageAlertRules/matrix", Need.READ, 200),
        PUT_RG_USAGE_RULE("PUT", RG_A + "/providers/Meterwise/usageAlertRules/matrix", Need.MANAGE_COST, 200),
        DELETE_RG_USAGE_RULE("DELETE", RG_A + "/providers/Meterwise/usageAlertRules/{new}", Need.MANAGE_COST, 204),
        LIST_ALERTS("GET", SUB_A + ALERTS + "?api-version=2023-03-01", Need.READ, 200),
        GET_ALERT("GET", SUB_A + ALERTS + "/{alertA}?api-version=2022-10-01", Need.READ, 200),
        DISMISS_ALERT("PATCH", SUB_A + ALERTS + "/{alertA}?api-version=2023-03-01", Need.MANAGE_COST, 200),
        LIST_RG_ALERTS("GET", RG_A + ALERTS + "?api-version=2023-03-01", Need.READ, 200),
        GET_RG_ALERT("GET", RG_A + ALERTS + "/{alertA}?api-version=2023-03-01", Need.READ, 200),
        DISMISS_RG_ALERT("PATCH", RG_A + ALERTS + "/{alertA}?api-version=2022-10-01", Need.MANAGE_COST, 200),
        // Cost Management exports: Owner and Contributor manage and run them, every role reads them and their history
        LIST_EXPORTS("GET", EXPORTS + "?api-version=2023-03-01", Need.READ, 200),
        LIST_EXPORTS_RESOURCE_GROUP("GET", RG_EXPORTS + "?api-version=2022-10-01", Need.READ, 200),
        GET_EXPORT("GET", EXPORTS + "/matrix?api-version=2023-03-01&$expand=runHistory", Need.READ, 200),
        PUT_EXPORT("PUT", EXPORTS + "/matrix?api-version=2023-03-01", Need.MANAGE_COST, 200),
        DELETE_EXPORT("DELETE", EXPORTS + "/{new}?api-version=2023-03-01", Need.MANAGE_COST, 204),
        RUN_EXPORT("POST", EXPORTS + "/matrix/run?api-version=2023-03-01", Need.MANAGE_COST, 200),
        EXPORT_RUN_HISTORY("GET", EXPORTS + "/matrix/runHistory?api-version=2022-10-01", Need.READ, 200),
        GET_EXPORT_RESOURCE_GROUP("GET", RG_EXPORTS + "/matrix?api-version=2023-03-01", Need.READ, 200),
        PUT_EXPORT_RESOURCE_GROUP("PUT", RG_EXPORTS + "/matrix?api-version=2022-10-01", Need.MANAGE_COST, 200),
        DELETE_EXPORT_RESOURCE_GROUP("DELETE", RG_EXPORTS + "/{new}?api-version=2023-03-01", Need.MANAGE_COST, 204),
        RUN_EXPORT_RESOURCE_GROUP("POST", RG_EXPORTS + "/matrix/run?api-version=2023-03-01", Need.MANAGE_COST, 200),
        EXPORT_RUN_HISTORY_RESOURCE_GROUP("GET", RG_EXPORTS + "/matrix/runHistory?api-version=2023-03-01", Need.READ,
                200),
        // operator: /providers/Meterwise/**
        INGEST_USAGE("POST", "/providers/Meterwise/usage", Need.OPERATOR, 200),
        ISSUE_INVOICES("POST", "/providers/Meterwise/invoices/issue", Need.OPERATOR, 200),
        LIST_ISSUE_FAILURES("GET", "/providers/Meterwise/invoices/issueFailures", Need.OPERATOR, 200),
        LIST_PRINCIPALS("GET", "/providers/Meterwise/principals", Need.OPERATOR, 200),
        CREATE_PRINCIPAL("POST", "/providers/Meterwise/principals", Need.OPERATOR, 201),
        DELETE_PRINCIPAL("DELETE", "/providers/Meterwise/principals/{new}", Need.OPERATOR, 204),
        // operator: webhook endpoints (Action Group stand-ins) and the delivery log of alert notifications
        PUT_WEBHOOK("PUT", "/providers/Meterwise/webhooks/{new}", Need.OPERATOR, 201),
        GET_WEBHOOK("GET", "/providers/Meterwise/webhooks/matrix", Need.OPERATOR, 200),
        LIST_WEBHOOKS("GET", "/providers/Meterwise/webhooks", Need.OPERATOR, 200),
        DELETE_WEBHOOK("DELETE", "/providers/Meterwise/webhooks/{new}", Need.OPERATOR, 204),
        LIST_DELIVERIES("GET", "/providers/Meterwise/deliveries?webhook=matrix", Need.OPERATOR, 200),
        // operator: the ingestion log (batches, their counts and first rejection reasons)
        LIST_USAGE_BATCHES("GET", "/providers/Meterwise/usageBatches?$top=5", Need.OPERATOR, 200),
        // operator catalog; the writes store what is already there, so they answer 200
        PUT_OFFER("PUT", "/providers/Meterwise/offers/" + A_OFFER, Need.OPERATOR, 200),
        GET_OFFER("GET", "/providers/Meterwise/offers/" + A_OFFER, Need.OPERATOR, 200),
        LIST_OFFERS("GET", "/providers/Meterwise/offers", Need.OPERATOR, 200),
        PUT_METER("PUT", "/providers/Meterwise/meters/" + SHARED_METER, Need.OPERATOR, 200),
        GET_METER("GET", "/providers/Meterwise/meters/" + SHARED_METER, Need.OPERATOR, 200),
        LIST_METERS("GET", "/providers/Meterwise/meters", Need.OPERATOR, 200),
        POST_PRICES("POST", "/providers/Meterwise/prices", Need.OPERATOR, 200),
        LIST_PRICES("GET", "/providers/Meterwise/prices?offerDurableId=" + A_OFFER + "&currency=USD&regionInfo=US",
                Need.OPERATOR, 200),
        PUT_CATALOG_SUBSCRIPTION("PUT", "/providers/Meterwise/subscriptions/" + A, Need.OPERATOR, 200),
        GET_CATALOG_SUBSCRIPTION("GET", "/providers/Meterwise/subscriptions/" + A, Need.OPERATOR, 200),
        LIST_CATALOG_SUBSCRIPTIONS("GET", "/providers/Meterwise/subscriptions", Need.OPERATOR, 200),
        // estimates and what-if: any role on the subscription; a list-price quote: any signed-in caller
        ESTIMATE("POST", SUB_A + "/providers/Meterwise/estimate", Need.READ, 200),
        WHAT_IF("POST", SUB_A + "/providers/Meterwise/whatIf", Need.READ, 200),
        QUOTE("POST", "/providers/Meterwise/estimate", Need.SIGNED_IN, 200),
        // public: the dashboard's static files (code only; its data comes from the rows above, with the user's token)
        DASHBOARD("GET", "/dashboard/", Need.PUBLIC, 200),
        DASHBOARD_REDIRECT("GET", "/dashboard", Need.PUBLIC, 302),
        DASHBOARD_MODULE("GET", "/dashboard/app.js", Need.PUBLIC, 200),
        // public
        RETAIL_PRICES("GET", "/api/retail/prices?currencyCode=USD", Need.PUBLIC, 200),
        OPENID_CONFIGURATION("GET", "/.well-known/openid-configuration", Need.PUBLIC, 200),
        JWKS("GET", "/.well-known/jwks.json", Need.PUBLIC, 200),
        HEALTH("GET", "/health", Need.PUBLIC, 200),
        READINESS("GET", "/actuator/health/readiness", Need.PUBLIC, 200),
        PROMETHEUS("GET", "/actuator/prometheus", Need.OPERATOR, 200),
        TOKEN_WITH_WRONG_SECRET("POST", "/oauth2/token", Need.PUBLIC, 401),
        // public: the built-in issuer shaped like an Entra authority
        ENTRA_OPENID_CONFIGURATION("GET", "/meterwise/v2.0/.well-known/openid-configuration", Need.PUBLIC, 200),
        ENTRA_TOKEN_WITH_WRONG_SECRET("POST", "/meterwise/oauth2/v2.0/token", Need.PUBLIC, 401),
        ENTRA_AUTHORIZE("GET", "/organizations/oauth2/v2.0/authorize", Need.PUBLIC, 400);

        final String method;
        final String path;
        final Need need;
        final int success;

        Endpoint(String method, String path, Need need, int success) {
            this.method = method;
            this.path = path;
            this.need = need;
            this.success = success;
        }

        boolean allows(Caller caller) {
            return switch (need) {
                case PUBLIC, SIGNED_IN -> true;
                case READ -> caller.seesA();
                case MANAGE_COST -> caller == Caller.OWNER || caller == Caller.CONTRIBUTOR
                        || caller == Caller.OPERATOR;
                case OWNER -> caller == Caller.OWNER || caller == Caller.OPERATOR;
                case OPERATOR -> caller == Caller.OPERATOR;
            };
        }
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    SigningKey signingKey;
    @Autowired
    RoleAssignmentStore assignments;
    @Autowired
    CatalogStore catalog;
    @Autowired
    UsageLedger ledger;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    InvoiceService invoiceService;
    @Autowired
    InvoiceSettings invoiceSettings;
    @Autowired
    AlertEvaluation alertEvaluation;
    @Autowired
    JdbcInvoices invoices;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @LocalServerPort
    int port;

    final Map<Caller, String> tokens = new EnumMap<>(Caller.class);
    final List<String> principalsOfA = new ArrayList<>();
    final List<String> invoicesOfA = new ArrayList<>();
    final List<String> invoicesOfB = new ArrayList<>();
    String principalOfB;
    String ownerAssignmentOfA;
    String downloadOfA;
    String statementOfA;
    String alertOfA;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void setUp() throws Exception {
        io.meterwise.server.testing.StoreClock.set(jdbc, SEEDED);
        seedCatalogAndUsage();
        CLOCK.set(NOW);
        io.meterwise.server.testing.StoreClock.set(jdbc, NOW);
        InvoiceService.IssueReport report = invoiceService.issue(null, null);
        assertThat(report.failures()).isEmpty();
        invoices.ofSubscription(A).forEach(i -> invoicesOfA.add(i.name()));
        invoices.ofSubscription(B).forEach(i -> invoicesOfB.add(i.name()));
        assertThat(invoicesOfA).hasSize(2);
        assertThat(invoicesOfB).hasSize(2);
        invoiceSettings.setDownloadOptIn(A, true);
        invoiceSettings.setDownloadOptIn(B, true);

        TestTokens testTokens = TestTokens.from(context);
        TestTokens.TestPrincipal owner = testTokens.newPrincipal();
        ownerAssignmentOfA = assignments.assign(owner.id(), Role.OWNER, A).name().toString();
        tokens.put(Caller.OWNER, owner.token());
        principalsOfA.add(owner.id());
        for (Caller caller : List.of(Caller.CONTRIBUTOR, Caller.READER, Caller.BILLING_READER)) {
            TestTokens.TestPrincipal p = testTokens.principalWithRole(Role.valueOf(caller.name()), A);
            tokens.put(caller, p.token());
            principalsOfA.add(p.id());
        }
        TestTokens.TestPrincipal ownerOfB = testTokens.principalWithRole(Role.OWNER, B);
        principalOfB = ownerOfB.id();
        tokens.put(Caller.OWNER_OF_B, ownerOfB.token());
        tokens.put(Caller.NO_ROLE, testTokens.newPrincipal().token());
        tokens.put(Caller.OPERATOR, testTokens.operator());

        String externalId = UUID.randomUUID().toString();
        assignments.assign(externalId, Role.READER, A);
        principalsOfA.add(externalId);
        tokens.put(Caller.EXTERNAL_READER, external(externalId, EXTERNAL_AUDIENCE));
        tokens.put(Caller.EXTERNAL_WRONG_AUDIENCE, external(externalId, "api://meterwise"));

        tokens.put(Caller.EXPIRED, new TokenIssuer(signingKey, "meterwise", "api://meterwise", "t",
                Duration.ofHours(1), Clock.offset(CLOCK, Duration.ofMinutes(-66))).issue(owner.id(), null, true));
        tokens.put(Caller.WRONG_AUDIENCE, new TokenIssuer(signingKey, "meterwise", "api://other", "t",
                Duration.ofHours(1), CLOCK).issue(owner.id(), null, true));
        tokens.put(Caller.UNKNOWN_ISSUER, new TokenIssuer(signingKey, "https://evil.example", "api://meterwise", "t",
                Duration.ofHours(1), CLOCK).issue(owner.id(), null, true));
        tokens.put(Caller.UNKNOWN_KID, new TokenIssuer(SigningKey.generate(), "meterwise", "api://meterwise", "t",
                Duration.ofHours(1), CLOCK).issue(owner.id(), null, true));
        tokens.put(Caller.TAMPERED, tampered(tokens.get(Caller.NO_ROLE)));
        JWTClaimsSet ownerClaims = SignedJWT.parse(tokens.get(Caller.OWNER)).getJWTClaimsSet();
        tokens.put(Caller.ALG_NONE, new PlainJWT(ownerClaims).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKey.keyId()).build(),
                ownerClaims);
        hmac.sign(new MACSigner(signingKey.publicKeys().toString().getBytes(StandardCharsets.UTF_8)));
        tokens.put(Caller.HMAC_WITH_PUBLIC_KEY, hmac.serialize());

        String invoiceUrl = BILLING + "/invoices/" + invoicesOfA.get(0) + "?api-version=" + INVOICE_VERSION;
        String url = field(send("GET", invoiceUrl, tokens.get(Caller.OPERATOR), null, null).body(), "url");
        downloadOfA = url.substring(url.indexOf("/downloads/"));
        HttpResponse<String> rules = send("PUT", METERWISE + "/chargebackRules/matrix", tokens.get(Caller.OWNER),
                CHARGEBACK_RULES, JSON);
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(201);
        String statement = field(send("POST", METERWISE + "/chargeback", tokens.get(Caller.OPERATOR),
                "{\"period\":\"2026-09\"}", JSON).body(), "pdfUrl");
        statementOfA = statement.substring(statement.indexOf("/downloads/"));
        for (String scope : List.of(SUB_A, RG_A)) {
            HttpResponse<String> budget = send("PUT", scope + BUDGETS + "/matrix?api-version=2024-08-01",
                    tokens.get(Caller.CONTRIBUTOR), BUDGET, JSON);
            assertThat(budget.statusCode()).as(budget.body()).isEqualTo(201);
            HttpResponse<String> rule = send("PUT", scope + "/providers/Meterwise/usageAlertRules/matrix",
                    tokens.get(Caller.OWNER), USAGE_RULE, JSON);
            assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        }
        // both budgets fire (A's usage is in resource group rg); the resource group's alert is read at both scopes
        var fired = alertEvaluation.evaluate(A).fired();
        assertThat(fired).hasSize(2);
        alertOfA = fired.stream().filter(a -> a.rule().scope().resourceGroup() != null).findFirst().orElseThrow()
                .id().toString();
        HttpResponse<String> export = send("PUT", EXPORTS + "/matrix?api-version=2023-03-01", tokens.get(Caller.OWNER),
                EXPORT, JSON);
        assertThat(export.statusCode()).as(export.body()).isEqualTo(201);
        HttpResponse<String> groupExport = send("PUT", RG_EXPORTS + "/matrix?api-version=2023-03-01",
                tokens.get(Caller.OWNER), EXPORT, JSON);
        assertThat(groupExport.statusCode()).as(groupExport.body()).isEqualTo(201);
        HttpResponse<String> webhook = send("PUT", "/providers/Meterwise/webhooks/matrix", tokens.get(Caller.OPERATOR),
                WEBHOOK, JSON);
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(201);
    }

    /**
     * A and B on offers and price lists of their own; each uses a shared meter and one only it uses, on resources
     * named after it. A has enough hourly lines for a second UsageAggregates page; both have August and September
     * usage, so two invoices each.
     */
    private void seedCatalogAndUsage() {
        Currency usd = Currency.getInstance("USD");
        Instant priced = Instant.parse("2020-01-01T00:00:00Z");
        catalog.putMeter(new Meter(SHARED_METER, "D2 v3 VM", "Virtual Machines", "Dv3 Series", "US East", "1 Hour",
                List.of()));
        catalog.putMeter(new Meter(A_METER, A_METER_NAME, "Virtual Machines", "NC Series", "US East", "1 Hour",
                List.of()));
        catalog.putMeter(new Meter(B_METER, B_METER_NAME, "Quantum", "Annealing", "US East", "1 Hour", List.of()));
        catalog.putOffer(new Offer(A_OFFER, "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putOffer(new Offer(B_OFFER, "Fabrikam negotiated", OfferType.PAY_AS_YOU_GO, List.of()));
        Subscription a = new Subscription(A, A_NAME, SubscriptionState.ENABLED, A_OFFER, usd, "US", "tenant-1");
        Subscription b = new Subscription(B, B_NAME, SubscriptionState.ENABLED, B_OFFER, usd, "US", "tenant-1");
        catalog.putSubscription(a);
        catalog.putSubscription(b);
        catalog.addPriceVersion(a.priceListKey(), MeterPrice.flat(SHARED_METER, priced, new BigDecimal("0.096")));
        catalog.addPriceVersion(a.priceListKey(), MeterPrice.flat(A_METER, priced, new BigDecimal("0.90")));
        catalog.addPriceVersion(b.priceListKey(), MeterPrice.flat(SHARED_METER, priced, new BigDecimal("0.08")));
        catalog.addPriceVersion(b.priceListKey(), MeterPrice.flat(B_METER, priced, new BigDecimal("12.50")));

        List<UsageRecord> records = new ArrayList<>();
        for (String day : List.of("2026-08-10", "2026-09-10")) {
            for (int hour = 0; hour < 24; hour++) {
                Instant start = Instant.parse(day + "T00:00:00Z").plus(Duration.ofHours(hour));
                for (int vm = 0; vm < A_RESOURCES; vm++) {
                    UUID meter = vm % 2 == 0 ? SHARED_METER : A_METER;
                    records.add(usage("a-" + day + "-" + hour + "-" + vm, A, meter, start, A_RESOURCE + "-" + vm));
                }
                records.add(usage("b-" + day + "-" + hour + "-0", B, B_METER, start, B_RESOURCE + "-0"));
                records.add(usage("b-" + day + "-" + hour + "-1", B, SHARED_METER, start, B_RESOURCE + "-1"));
            }
        }
        IngestionResult result = ledger.append(records);
        assertThat(result.errors()).isEmpty();
    }

    private static UsageRecord usage(String id, UUID subscription, UUID meter, Instant start, String resource) {
        return new UsageRecord(id, subscription, meter, BigDecimal.ONE, start, start.plus(Duration.ofHours(1)),
                "/subscriptions/" + subscription + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/"
                        + resource,
                "eastus", Map.of("project", subscription.equals(A) ? "contoso-tag" : "fabrikam-tag"), Map.of(),
                SEEDED);
    }

    private static String external(String objectId, String audience) throws Exception {
        Instant now = CLOCK.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(externalKey.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(externalIssuerId).audience(audience).subject("someone")
                        .claim("oid", objectId).claim("tid", "tenant-x").issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build());
        jwt.sign(new ECDSASigner(externalKey));
        return jwt.serialize();
    }

    /** Keeps the signature but rewrites the payload so the token claims to be the owner of A. */
    private String tampered(String token) throws Exception {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String sub = SignedJWT.parse(token).getJWTClaimsSet().getSubject();
        String forged = payload.replace(sub, principalsOfA.get(0));
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    Stream<Arguments> matrix() {
        return Stream.of(Caller.values()).flatMap(c -> Stream.of(Endpoint.values()).map(e -> Arguments.of(c, e)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void everyCallerGetsExactlyWhatTheMatrixAllows(Caller caller, Endpoint endpoint) throws Exception {
        HttpResponse<String> response = call(caller, endpoint);
        String body = response.body();

        if (endpoint.need != Need.PUBLIC && !caller.authenticated()) {
            assertThat(response.statusCode()).as(brief(body)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString()
                    .startsWith("Bearer").contains("error=\"invalid_token\"");
            assertThat(body).contains(caller == Caller.NO_TOKEN ? "\"code\":\"AuthenticationFailed\""
                    : "\"code\":\"InvalidAuthenticationToken\"");
        } else if (endpoint.allows(caller)) {
            assertThat(response.statusCode()).as(brief(body)).isEqualTo(endpoint.success);
        } else {
            assertThat(response.statusCode()).as(brief(body)).isEqualTo(403);
            assertThat(body).contains("\"code\":\"AuthorizationFailed\"")
                    .contains("does not have authorization to perform action");
        }
        if (!caller.seesB()) {
            assertNoDataOfB(body);
        }
        if (!caller.seesA() && endpoint.need != Need.PUBLIC) {
            assertNoDataOfA(body);
        }
        if (endpoint != Endpoint.PROMETHEUS) { // metric names and tags say "exception"; only the operator reads them
            assertThat(body).doesNotContainIgnoringCase("exception").doesNotContain("nimbus");
        }
    }

    /** The reads answer with real data of A, so a clean body above means the filtering is real, not vacuous. */
    @Test
    void readsOfAShowDataOfA() throws Exception {
        assertThat(call(Caller.READER, Endpoint.USAGE_HOURLY).body()).contains(A_METER_NAME).contains(A_RESOURCE)
                .contains("nextLink");
        assertThat(call(Caller.READER, Endpoint.USAGE_DAILY).body()).contains(A_RESOURCE + "-7");
        assertThat(call(Caller.READER, Endpoint.RATE_CARD).body()).contains(A_METER_NAME);
        assertThat(call(Caller.BILLING_READER, Endpoint.COST_QUERY).body()).contains(A_METER_NAME).contains(A_RESOURCE);
        assertThat(call(Caller.READER, Endpoint.COST_QUERY_BILLING_PERIOD).body()).contains(A_RESOURCE);
        assertThat(call(Caller.BILLING_READER, Endpoint.COST_FORECAST).body()).contains(A_RESOURCE)
                .contains("\"Actual\"").contains("\"Forecast\"");
        assertThat(call(Caller.READER, Endpoint.COST_DIMENSIONS).body()).contains(A_RESOURCE);
        assertThat(call(Caller.BILLING_READER, Endpoint.USAGE_DETAILS).body()).contains(A_RESOURCE)
                .contains(A_METER_NAME);
        assertThat(call(Caller.READER, Endpoint.PRICE_SHEET).body()).contains(A_METER_NAME);
        assertThat(call(Caller.READER, Endpoint.LIST_INVOICES).body()).contains(invoicesOfA.get(0))
                .contains("nextLink").contains("/downloads/invoices/" + A);
        assertThat(call(Caller.READER, Endpoint.INVOICE_USAGE_CSV).body()).contains(A_RESOURCE);
        assertThat(call(Caller.BILLING_READER, Endpoint.CHARGEBACK_REPORT).body()).contains("\"costCentre\":\"apps\"")
                .contains("/downloads/chargeback/" + A);
        assertThat(call(Caller.READER, Endpoint.CHARGEBACK_RECORDS).body()).contains(A_RESOURCE);
        assertThat(call(Caller.NO_TOKEN, Endpoint.SIGNED_STATEMENT).headers().firstValue("Content-Type"))
                .hasValue("application/pdf");
        assertThat(call(Caller.READER, Endpoint.GET_BILLING_PERIOD).body()).contains(invoicesOfA.get(0));
        assertThat(send("GET", "/subscriptions/" + B + "/providers/Microsoft.Billing/invoices?api-version="
                + INVOICE_VERSION, tokens.get(Caller.OWNER_OF_B), null, null).body()).contains(invoicesOfB.get(0));
        HttpResponse<String> pdf = call(Caller.NO_TOKEN, Endpoint.SIGNED_DOWNLOAD);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    }

    private void assertNoDataOfB(String body) {
        assertThat(body).doesNotContain(B.toString()).doesNotContain(B_NAME).doesNotContain(principalOfB)
                .doesNotContain(B_OFFER).doesNotContain(B_METER.toString()).doesNotContain(B_METER_NAME)
                .doesNotContain(B_RESOURCE).doesNotContain("fabrikam-tag");
        for (String invoice : invoicesOfB) {
            assertThat(body).doesNotContain(invoice);
        }
    }

    private void assertNoDataOfA(String body) {
        assertThat(body).doesNotContain(A_NAME).doesNotContain(A_METER.toString()).doesNotContain(A_METER_NAME)
                .doesNotContain(A_RESOURCE).doesNotContain("contoso-tag");
        for (String principal : principalsOfA) {
            assertThat(body).doesNotContain(principal);
        }
        for (String invoice : invoicesOfA) {
            assertThat(body).doesNotContain(invoice);
        }
    }

    /**
     * Every route Spring MVC serves is a row of the matrix. An operator route not listed yet (a controller added
     * later) is first checked for refusal of everyone but the operator, so that a leak shows before the missing row.
     */
    @Test
    void everyRouteOfTheServerIsInTheMatrix() throws Exception {
        List<String> unlisted = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                if (pattern.getPatternString().equals("/error")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    boolean listed = Stream.of(Endpoint.values()).anyMatch(e -> e.method.equals(method.name())
                            && pattern.matches(PathContainer.parsePath(concretePath(e))));
                    if (!listed) {
                        unlisted.add(method + " " + pattern.getPatternString());
                    }
                }
            }
        }
        List<String> outsideOperatorApi = new ArrayList<>();
        for (String route : unlisted) {
            String method = route.substring(0, route.indexOf(' '));
            String pattern = route.substring(route.indexOf(' ') + 1);
            if (!pattern.startsWith("/providers/Meterwise/")) {
                outsideOperatorApi.add(route);
                continue;
            }
            String path = pattern.replaceAll("\\{[^}]+}", "matrix-probe");
            for (Caller caller : Caller.values()) {
                if (caller == Caller.OPERATOR) {
                    continue;
                }
                HttpResponse<String> response = send(method, path, tokens.get(caller), "{}", JSON);
                assertThat(response.statusCode()).as(route + " " + caller)
                        .isEqualTo(caller.authenticated() ? 403 : 401);
                assertNoDataOfA(response.body());
                assertNoDataOfB(response.body());
            }
        }
        assertThat(outsideOperatorApi).as("routes missing from the access matrix").isEmpty();
        assertThat(new TreeSet<>(unlisted)).as("operator routes missing from the access matrix").isEmpty();
    }

    /**
     * The Azure SDKs send {@code //subscriptions/...} for scope and by-id paths: every route (every row, and
     * {@link #everyRouteOfTheServerIsInTheMatrix()} keeps the rows covering the route table) answers the same with a
     * leading double slash, for the operator and for a caller it refuses. Reads compare the whole body but links.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Endpoint.class)
    void everyRouteAnswersTheSameWithALeadingDoubleSlash(Endpoint endpoint) throws Exception {
        for (Caller caller : List.of(Caller.OPERATOR, Caller.NO_ROLE)) {
            HttpResponse<String> single = call(caller, endpoint, "");
            HttpResponse<String> twice = call(caller, endpoint, "/");
            // export runs queued by earlier rows finish in the background: read again until the state holds still
            for (int i = 0; i < 100 && endpoint.method.equals("GET")
                    && !withoutLinks(twice.body()).equals(withoutLinks(single.body())); i++) {
                Thread.sleep(100);
                single = call(caller, endpoint, "");
                twice = call(caller, endpoint, "/");
            }
            assertThat(twice.statusCode()).as(caller + " " + brief(twice.body())).isEqualTo(single.statusCode());
            // metrics count the calls; a showback statement is rendered on each download (its PDF carries the time)
            if (endpoint.method.equals("GET") && endpoint != Endpoint.PROMETHEUS && endpoint != Endpoint.SIGNED_STATEMENT) {
                assertThat(withoutLinks(twice.body())).isEqualTo(withoutLinks(single.body()));
            }
        }
    }

    private static String withoutLinks(String body) {
        return body.replaceAll("\"(nextLink|url|expiryTime)\":\"[^\"]*\"", "\"$1\":\"...\"");
    }

    @Test
    void usageContinuationTokensWorkOnlyForTheirPrincipalAndSubscription() throws Exception {
        String next = field(call(Caller.READER, Endpoint.USAGE_HOURLY).body(), "nextLink");
        HttpResponse<String> own = get(next, Caller.READER);
        assertThat(own.statusCode()).as(brief(own.body())).isEqualTo(200);
        assertThat(own.body()).contains(A_RESOURCE);

        for (Caller other : List.of(Caller.CONTRIBUTOR, Caller.OWNER, Caller.EXTERNAL_READER, Caller.OPERATOR)) {
            assertInvalidContinuationToken(get(next, other));
        }
        String onB = next.replace(A.toString(), B.toString());
        assertInvalidContinuationToken(get(onB, Caller.OWNER_OF_B));
        assertInvalidContinuationToken(get(onB, Caller.OPERATOR));
        assertThat(get(next, Caller.OWNER_OF_B).statusCode()).isEqualTo(403);
    }

    @Test
    void invoiceSkipTokensWorkOnlyForTheirPrincipalAndSubscription() throws Exception {
        String next = field(call(Caller.BILLING_READER, Endpoint.LIST_INVOICES).body(), "nextLink");
        assertThat(next).contains("$skiptoken=").doesNotContain(B.toString());
        HttpResponse<String> own = get(next, Caller.BILLING_READER);
        assertThat(own.statusCode()).as(brief(own.body())).isEqualTo(200);
        assertThat(own.body()).contains(invoicesOfA.get(1));

        for (Caller other : List.of(Caller.READER, Caller.OWNER, Caller.OPERATOR)) {
            assertInvalidContinuationToken(get(next, other));
        }
        String onB = next.replace(A.toString(), B.toString());
        assertInvalidContinuationToken(get(onB, Caller.OWNER_OF_B));
        assertInvalidContinuationToken(get(onB, Caller.OPERATOR));

        String periods = field(call(Caller.READER, Endpoint.LIST_BILLING_PERIODS).body(), "nextLink");
        assertThat(get(periods, Caller.READER).statusCode()).isEqualTo(200);
        assertInvalidContinuationToken(get(periods, Caller.CONTRIBUTOR));
        assertInvalidContinuationToken(get(periods.replace(A.toString(), B.toString()), Caller.OWNER_OF_B));
    }

    private void assertInvalidContinuationToken(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(brief(response.body())).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"InvalidContinuationToken\"");
        assertNoDataOfA(response.body());
        assertNoDataOfB(response.body());
    }

    @Test
    void aSignatureForAnInvoiceOfANeverOpensAnInvoiceOfB() throws Exception {
        String query = downloadOfA.substring(downloadOfA.indexOf('?'));
        String invoiceA = invoicesOfA.get(0);
        List<String> forged = List.of(
                downloadOfA.replace(A.toString(), B.toString()),
                "/downloads/invoices/" + B + "/" + invoicesOfB.get(0) + ".pdf" + query,
                "/downloads/invoices/" + A + "/" + invoicesOfB.get(0) + ".pdf" + query,
                "/downloads/invoices/" + A + "/" + invoiceA + ".pdf",
                downloadOfA.replace("sig=", "sig=A"));
        for (String path : forged) {
            for (Caller caller : List.of(Caller.NO_TOKEN, Caller.OWNER, Caller.OWNER_OF_B)) {
                HttpResponse<String> response = send("GET", path, tokens.get(caller), null, null);
                assertThat(response.statusCode()).as(path).isEqualTo(403);
                assertThat(response.body()).contains("\"code\":\"AuthenticationFailed\"");
                assertNoDataOfB(response.body());
                assertNoDataOfA(response.body());
            }
        }
    }

    @Test
    void aReaderRemovedFromASubscriptionLosesCommerceAccessOnTheNextRequest() throws Exception {
        TestTokens.TestPrincipal reader = TestTokens.from(context).newPrincipal();
        String name = UUID.randomUUID().toString();
        String assignment = AUTHZ + "/roleAssignments/" + name + "?api-version=2022-04-01";
        String usage = Endpoint.USAGE_DAILY.path;
        assertThat(send("PUT", assignment, tokens.get(Caller.OWNER), assignmentBody(reader.id(), Role.READER), JSON)
                .statusCode()).isEqualTo(201);
        HttpResponse<String> before = send("GET", usage, reader.token(), null, null);
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).contains(A_RESOURCE);
        String next = field(send("GET", Endpoint.USAGE_HOURLY.path, reader.token(), null, null).body(), "nextLink");
        next = next.substring(next.indexOf("/subscriptions/"));

        assertThat(send("DELETE", assignment, tokens.get(Caller.OWNER), null, null).statusCode()).isEqualTo(200);

        for (String path : List.of(usage, Endpoint.RATE_CARD.path, next)) {
            HttpResponse<String> after = send("GET", path, reader.token(), null, null);
            assertThat(after.statusCode()).as(path).isEqualTo(403);
            assertThat(after.body()).contains("AuthorizationFailed");
            assertNoDataOfA(after.body());
        }
    }

    @Test
    void theSubscriptionListShowsOnlySubscriptionsWithARole() throws Exception {
        assertThat(call(Caller.READER, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(A.toString()).contains(A_NAME)
                .contains("\"tenantId\":\"tenant-1\"").contains("\"state\":\"Enabled\"").doesNotContain(B.toString());
        assertThat(call(Caller.OWNER_OF_B, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(B_NAME)
                .doesNotContain(A.toString());
        assertThat(call(Caller.NO_ROLE, Endpoint.LIST_SUBSCRIPTIONS).body()).isEqualTo("{\"value\":[]}");
        assertThat(call(Caller.OPERATOR, Endpoint.LIST_SUBSCRIPTIONS).body()).contains(A_NAME).contains(B_NAME);
    }

    @Test
    void aMissingSubscriptionLooksExactlyLikeAForeignOne() throws Exception {
        for (String path : List.of(
                "/subscriptions/%s/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
                "/subscriptions/%s/providers/Microsoft.Commerce/UsageAggregates?api-version=2015-06-01-preview"
                        + WINDOW,
                "/subscriptions/%s/providers/Microsoft.Billing/invoices?api-version=" + INVOICE_VERSION)) {
            HttpResponse<String> missing = send("GET", path.formatted(MISSING), tokens.get(Caller.NO_ROLE), null, null);
            HttpResponse<String> foreign = send("GET", path.formatted(B), tokens.get(Caller.NO_ROLE), null, null);
            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(missing.body().replace(MISSING.toString(), "X"))
                    .isEqualTo(foreign.body().replace(B.toString(), "X"));
            assertThat(send("GET", path.formatted(MISSING), tokens.get(Caller.OPERATOR), null, null).body())
                    .contains("SubscriptionNotFound");
        }
    }

    @Test
    void aRoleChangeAppliesToTheNextRequest() throws Exception {
        TestTokens.TestPrincipal someone = TestTokens.from(context).newPrincipal();
        String name = UUID.randomUUID().toString();
        String readSubscription = SUB_A + "?api-version=2020-01-01";
        assertThat(send("GET", readSubscription, someone.token(), null, null).statusCode()).isEqualTo(403);

        HttpResponse<String> put = send("PUT", AUTHZ + "/roleAssignments/" + name + "?api-version=2022-04-01",
                tokens.get(Caller.OWNER), assignmentBody(someone.id(), Role.BILLING_READER), JSON);
        assertThat(put.statusCode()).isEqualTo(201);
        assertThat(put.body()).contains("\"type\":\"Microsoft.Authorization/roleAssignments\"")
                .contains("\"roleDefinitionId\":\"/subscriptions/" + A
                        + "/providers/Microsoft.Authorization/roleDefinitions/fa23ad8b-c56e-40d8-ac0c-ce449e1d2c64\"")
                .contains("\"scope\":\"/subscriptions/" + A + "\"");
        assertThat(send("GET", readSubscription, someone.token(), null, null).statusCode()).isEqualTo(200);

        assertThat(send("DELETE", AUTHZ + "/roleAssignments/" + name + "?api-version=2022-04-01",
                tokens.get(Caller.OWNER), null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", readSubscription, someone.token(), null, null).statusCode()).isEqualTo(403);
    }

    @Test
    void invalidAssignmentsAreRefusedWithArmErrors() throws Exception {
        String base = AUTHZ + "/roleAssignments/";
        String list = base.substring(0, base.length() - 1);
        String owner = tokens.get(Caller.OWNER);
        assertThat(send("PUT", base + "not-a-guid?api-version=2022-04-01", owner, assignmentBody("x", Role.READER),
                JSON).body()).contains("InvalidRoleAssignmentId");
        String unknownRole = "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + A
                + "/providers/Microsoft.Authorization/roleDefinitions/" + UUID.randomUUID()
                + "\",\"principalId\":\"x\"}}";
        assertThat(send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner, unknownRole, JSON).body())
                .contains("RoleDefinitionDoesNotExist");
        String otherScope = assignmentBody("x", Role.READER).replace(A.toString(), B.toString());
        HttpResponse<String> foreignScope = send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner,
                otherScope, JSON);
        assertThat(foreignScope.statusCode()).isEqualTo(400);
        assertThat(send("GET", list + "?api-version=1999-01-01", owner, null, null).body())
                .contains("InvalidApiVersionParameter");
        String duplicate = assignmentBody(principalsOfA.get(1), Role.CONTRIBUTOR);
        assertThat(send("PUT", base + UUID.randomUUID() + "?api-version=2022-04-01", owner, duplicate, JSON).body())
                .contains("RoleAssignmentExists");
        assertThat(send("GET", list + "?api-version=2022-04-01&$filter=principalId%20eq%20'" + principalsOfA.get(2)
                + "'", owner, null, null).body()).contains(principalsOfA.get(2)).doesNotContain(principalsOfA.get(1));
    }

    @Test
    void roleDefinitionsUseAzureWellKnownIds() throws Exception {
        String body = call(Caller.READER, Endpoint.LIST_ROLE_DEFINITIONS).body();
        for (Role role : Role.values()) {
            assertThat(body).contains("/subscriptions/" + A + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + role.definitionId()).contains("\"roleName\":\"" + role.wireName() + "\"");
        }
    }

    private static String assignmentBody(String principalId, Role role) {
        return "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + A
                + "/providers/Microsoft.Authorization/roleDefinitions/" + role.definitionId() + "\",\"principalId\":\""
                + principalId + "\"}}";
    }

    private String concretePath(Endpoint endpoint) {
        String path = endpoint.path.replace("{ownerAssignment}", ownerAssignmentOfA)
                .replace("{new}", UUID.randomUUID().toString()).replace("{invoiceA}", invoicesOfA.get(0))
                .replace("{downloadA}", downloadOfA).replace("{statementA}", statementOfA)
                .replace("{alertA}", alertOfA);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private HttpResponse<String> call(Caller caller, Endpoint endpoint) throws IOException, InterruptedException {
        return call(caller, endpoint, "");
    }

    /** Calls the endpoint with {@code prefix} before its path (an extra slash for the double-slash check). */
    private HttpResponse<String> call(Caller caller, Endpoint endpoint, String prefix)
            throws IOException, InterruptedException {
        String path = prefix + endpoint.path.replace("{ownerAssignment}", ownerAssignmentOfA)
                .replace("{new}", UUID.randomUUID().toString()).replace("{invoiceA}", invoicesOfA.get(0))
                .replace("{downloadA}", downloadOfA).replace("{statementA}", statementOfA)
                .replace("{alertA}", alertOfA);
        return switch (endpoint) {
            case PUT_ASSIGNMENT -> send("PUT", path, tokens.get(caller),
                    assignmentBody(UUID.randomUUID().toString(), Role.READER), JSON);
            case PUT_INVOICE_SETTINGS -> send("PUT", path, tokens.get(caller),
                    "{\"properties\":{\"invoiceDownloadOptIn\":true}}", JSON);
            case INGEST_USAGE -> send("POST", path, tokens.get(caller), "{\"recordId\":\"matrix-ingest\","
                    + "\"subscriptionId\":\"" + A + "\",\"meterId\":\"" + SHARED_METER + "\",\"quantity\":1,"
                    + "\"usageStartTime\":\"2026-10-06T10:00:00Z\",\"usageEndTime\":\"2026-10-06T11:00:00Z\","
                    + "\"resourceUri\":\"/subscriptions/" + A + "/resourceGroups/rg/providers/Microsoft.Compute/"
                    + "virtualMachines/matrix\",\"location\":\"eastus\"}\n", "application/x-ndjson");
            case ISSUE_INVOICES -> send("POST", path, tokens.get(caller),
                    "{\"period\":\"" + YearMonth.of(2026, 9) + "\",\"subscriptionId\":\"" + A + "\"}", JSON);
            case CREATE_PRINCIPAL -> send("POST", path, tokens.get(caller), "{\"displayName\":\"matrix\"}", JSON);
            case PUT_WEBHOOK -> send("PUT", path, tokens.get(caller), WEBHOOK, JSON);
            case ESTIMATE -> send("POST", path, tokens.get(caller), "{\"lines\":[{\"meterId\":\"" + SHARED_METER
                    + "\",\"count\":2,\"hours\":730}]}", JSON);
            case QUOTE -> send("POST", path, tokens.get(caller), "{\"offerDurableId\":\"" + A_OFFER
                    + "\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"lines\":[{\"meterId\":\"" + SHARED_METER
                    + "\",\"quantity\":730}]}", JSON);
            case WHAT_IF -> send("POST", path, tokens.get(caller), "{\"billingPeriod\":\"202609-1\","
                    + "\"alternatives\":[{\"name\":\"same offer\"}]}", JSON);
            case PUT_OFFER -> send("PUT", path, tokens.get(caller),
                    "{\"name\":\"Pay-As-You-Go\",\"type\":\"PayAsYouGo\",\"offerTerms\":[]}", JSON);
            case PUT_METER -> send("PUT", path, tokens.get(caller), "{\"name\":\"D2 v3 VM\",\"category\":"
                    + "\"Virtual Machines\",\"subCategory\":\"Dv3 Series\",\"region\":\"US East\",\"unit\":\"1 Hour\","
                    + "\"tags\":[]}", JSON);
            case POST_PRICES -> send("POST", path, tokens.get(caller), "{\"offerDurableId\":\"" + A_OFFER
                    + "\",\"currency\":\"USD\",\"regionInfo\":\"US\",\"meterId\":\"" + SHARED_METER
                    + "\",\"effectiveFrom\":\"2020-01-01T00:00:00Z\",\"rates\":{\"0\":\"0.096\"}}", JSON);
            case PUT_CATALOG_SUBSCRIPTION -> send("PUT", path, tokens.get(caller), "{\"displayName\":\"" + A_NAME
                    + "\",\"state\":\"Enabled\",\"offerDurableId\":\"" + A_OFFER + "\",\"currency\":\"USD\","
                    + "\"regionInfo\":\"US\",\"tenantId\":\"tenant-1\"}", JSON);
            case PUT_CHARGEBACK_RULES -> send("PUT", path, tokens.get(caller), CHARGEBACK_RULES, JSON);
            case PUT_BUDGET, PUT_RG_BUDGET -> send("PUT", path, tokens.get(caller), BUDGET, JSON);
            case PUT_USAGE_RULE, PUT_RG_USAGE_RULE -> send("PUT", path, tokens.get(caller), USAGE_RULE, JSON);
            case DISMISS_ALERT, DISMISS_RG_ALERT -> send("PATCH", path, tokens.get(caller),
                    "{\"properties\":{\"status\":\"Dismissed\"}}", JSON);
            case PUT_EXPORT, PUT_EXPORT_RESOURCE_GROUP -> send("PUT", path, tokens.get(caller), EXPORT, JSON);
            case CHARGEBACK_REPORT -> send("POST", path, tokens.get(caller), "{\"period\":\"2026-09\"}", JSON);
            case CHARGEBACK_RECORDS -> send("POST", path, tokens.get(caller),
                    "{\"period\":\"2026-09\",\"costCentre\":\"apps\",\"part\":\"direct\"}", JSON);
            case COST_QUERY, COST_QUERY_RESOURCE_GROUP, COST_QUERY_BILLING_PERIOD, COST_QUERY_BILLING_ACCOUNT,
                    COST_QUERY_MANAGEMENT_GROUP -> send("POST", path, tokens.get(caller), COST_QUERY_BODY, JSON);
            case COST_FORECAST, COST_FORECAST_RESOURCE_GROUP, COST_FORECAST_BILLING_ACCOUNT,
                    COST_FORECAST_MANAGEMENT_GROUP -> send("POST", path,
                    tokens.get(caller), COST_FORECAST_BODY, JSON);
            case TOKEN_WITH_WRONG_SECRET, ENTRA_TOKEN_WITH_WRONG_SECRET -> send("POST", path, tokens.get(caller),
                    "grant_type=client_credentials&client_id=meterwise-operator&client_secret=wrong",
                    "application/x-www-form-urlencoded");
            default -> send(endpoint.method, path, tokens.get(caller), endpoint.method.equals("GET")
                    || endpoint.method.equals("DELETE") ? null : "{}", JSON);
        };
    }

    private static final String COST_FORECAST_BODY = "{\"type\":\"ActualCost\",\"timeframe\":\"Custom\","
            + "\"timePeriod\":{\"from\":\"2026-09-01T00:00:00Z\",\"to\":\"2026-10-31T00:00:00Z\"},"
            + "\"dataset\":{\"granularity\":\"Daily\",\"aggregation\":{\"c\":{\"name\":\"Cost\",\"function\":\"Sum\"}},"
            + "\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceId\"}]},\"includeActualCost\":true}";

    private static final String COST_QUERY_BODY = "{\"type\":\"ActualCost\",\"timeframe\":\"Custom\","
            + "\"timePeriod\":{\"from\":\"2026-09-01T00:00:00Z\",\"to\":\"2026-09-30T00:00:00Z\"},"
            + "\"dataset\":{\"granularity\":\"None\",\"grouping\":[{\"type\":\"Dimension\",\"name\":\"ResourceId\"},"
            + "{\"type\":\"Dimension\",\"name\":\"Meter\"}]}}";

    private HttpResponse<String> get(String url, Caller caller) throws IOException, InterruptedException {
        return send("GET", url.substring(url.indexOf("/subscriptions/")), tokens.get(caller), null, null);
    }

    /** PDFs are read as Latin-1 so that every byte is a char the leak checks can search. */
    private HttpResponse<String> send(String method, String path, String token, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", TestTokens.bearer(token));
        }
        return http.send(request.build(), info -> HttpResponse.BodySubscribers.ofString(
                info.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf")
                        ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }

    private static String brief(String body) {
        return body.length() <= 400 ? body : body.substring(0, 400) + "...";
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }
}
