package io.meterwise.server.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.rest.PagedIterable;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.PagedResponseBase;
import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.models.BuiltInRole;
import com.azure.resourcemanager.authorization.models.RoleAssignment;
import com.azure.resourcemanager.authorization.models.RoleDefinition;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.Subscription;

import io.meterwise.core.access.Role;
import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.Meter;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.Offer;
import io.meterwise.core.catalog.OfferType;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.usage.UsageLedger;
import io.meterwise.core.usage.UsageRecord;
import io.meterwise.core.billing.InvoiceService;
import io.meterwise.core.billing.InvoiceSettings;
import io.meterwise.server.security.TokenVerifier;
import io.meterwise.server.testing.AzureSdkSupport;
import io.meterwise.server.testing.TestDataDirs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One server for the SDK and URL tests (a shared Spring context): random HTTP and HTTPS ports, the clock fixed at
 * {@link #NOW}, subscriptions {@link #SUB} (usage and issued invoices for August to November 2026, invoice access
 * on) and {@link #OTHER}, billing lists paged one item per page; {@link #owner} is a service principal holding Owner
 * on {@link #SUB}, {@link #sdk} the Azure SDK fixture.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"meterwise.billing.scheduler-enabled=false", "meterwise.billing.page-size=1"})
@Import(SeededServer.Fixtures.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeededServer {

    static final UUID SUB = UUID.fromString("3c1f6a80-5b2e-4d7a-9e61-0a1b2c3d4e51");
    static final UUID OTHER = UUID.fromString("3c1f6a80-5b2e-4d7a-9e61-0a1b2c3d4e52");
    static final UUID METER = UUID.fromString("3c1f6a80-0000-4000-8000-000000000001");
    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final String ARM_SCOPE = "https://management.azure.com/.default";
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** One data dir per JVM: subclasses share the cached Spring context, so they share its data dir too. */
    static final java.nio.file.Path DATA_DIR = TestDataDirs.create("meterwise-sdk");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("meterwise.data-dir", DATA_DIR::toString);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Fixtures {
        @Bean
        @Primary
        Clock sdkTestClock() {
            return Clock.fixed(NOW, ZoneOffset.UTC);
        }
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    CatalogStore catalog;
    @Autowired
    UsageLedger ledger;
    @Autowired
    InvoiceService invoices;
    @Autowired
    InvoiceSettings invoiceSettings;
    @Autowired
    TokenVerifier verifier;

    AzureSdkSupport sdk;
    AzureSdkSupport.ServicePrincipal owner;
    TokenCredential ownerCredential;

    @BeforeAll
    void seed() {
        io.meterwise.server.testing.StoreClock.set(context.getBean(org.springframework.jdbc.core.JdbcTemplate.class),
                NOW);
        sdk = AzureSdkSupport.from(context);
        owner = sdk.servicePrincipalWithRole(Role.OWNER, SUB);
        ownerCredential = sdk.credential(owner);
        if (catalog.subscription(SUB).isPresent()) {
            return; // the context, and so its data, is shared by the subclasses
        }
        Currency usd = Currency.getInstance("USD");
        catalog.putOffer(new Offer("MS-AZR-0003P", "Pay-As-You-Go", OfferType.PAY_AS_YOU_GO, List.of()));
        catalog.putMeter(new Meter(METER, "D2 v3", "Virtual Machines", "Dv3 Series", "US East", "1 Hour", List.of()));
        for (UUID id : List.of(SUB, OTHER)) {
            io.meterwise.core.catalog.Subscription s = new io.meterwise.core.catalog.Subscription(id, "SDK " + id,
                    SubscriptionState.ENABLED, "MS-AZR-0003P", usd, "US", sdk.tenantId());
            catalog.putSubscription(s);
            catalog.addPriceVersion(s.priceListKey(), MeterPrice.flat(METER, Instant.parse("2020-01-01T00:00:00Z"),
                    new BigDecimal("0.10")));
        }
        List<UsageRecord> records = new ArrayList<>();
        for (String month : List.of("2026-08", "2026-09", "2026-10", "2026-11")) {
            Instant start = Instant.parse(month + "-10T00:00:00Z");
            records.add(new UsageRecord("sdk-" + month, SUB, METER, BigDecimal.ONE, start,
                    start.plus(Duration.ofHours(1)), "/subscriptions/" + SUB + "/resourceGroups/rg/providers/"
                            + "Microsoft.Compute/virtualMachines/vm1", "eastus", Map.of(), Map.of(), start.plusSeconds(7200)));
        }
        assertThat(ledger.append(records).errors()).isEmpty();
        assertThat(invoices.issue(null, null).failures()).isEmpty();
        invoiceSettings.setDownloadOptIn(SUB, true);
    }
}
