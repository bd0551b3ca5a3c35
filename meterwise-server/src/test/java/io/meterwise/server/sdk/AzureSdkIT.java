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
 * Microsoft's own Java libraries, unchanged, against a server on random ports over HTTPS with its local CA:
 * azure-identity's {@code ClientSecretCredential} signs in at the Entra-shaped authority, azure-resourcemanager-resources
 * lists and reads subscriptions, azure-resourcemanager-authorization finds role definitions by name and creates, lists,
 * reads and deletes an assignment with {@code withBuiltInRole}, and azure-core's pipeline pages filtered invoice and
 * billing-period lists by following each {@code nextLink} as given (page size 1).
 */
class AzureSdkIT extends SeededServer {

    @Test
    void clientSecretCredentialGetsATokenFromTheEntraShapedAuthority() throws Exception {
        AccessToken token = ownerCredential.getTokenSync(new TokenRequestContext().addScopes(ARM_SCOPE));
        assertThat(verifier.verify(token.getToken()).id()).isEqualTo(owner.objectId());

        AzureSdkSupport.ServicePrincipal wrongSecret = new AzureSdkSupport.ServicePrincipal(owner.objectId(),
                owner.clientId(), "not-the-secret");
        assertThatThrownBy(() -> sdk.credential(wrongSecret).getTokenSync(new TokenRequestContext()
                .addScopes(ARM_SCOPE))).hasMessageContaining("Client authentication failed");
    }

    @Test
    void resourceManagerListsAndReadsSubscriptions() {
        ResourceManager arm = ResourceManager.configure().withHttpClient(sdk.httpClient())
                .authenticate(ownerCredential, sdk.profile(SUB)).withSubscription(SUB.toString());
        List<Subscription> visible = StreamSupport.stream(arm.subscriptions().list().spliterator(), false).toList();
        assertThat(visible).extracting(Subscription::subscriptionId).containsExactly(SUB.toString());
        Subscription one = arm.subscriptions().getById(SUB.toString());
        assertThat(one.displayName()).isEqualTo("SDK " + SUB);
        assertThat(one.state().toString()).isEqualTo("Enabled");
        assertThatThrownBy(() -> arm.subscriptions().getById(OTHER.toString()))
                .isInstanceOf(ManagementException.class).hasMessageContaining("AuthorizationFailed");
    }

    @Test
    void authorizationManagerAssignsABuiltInRoleAndReadsListsAndDeletesIt() {
        AuthorizationManager authorization = AuthorizationManager.configure().withHttpClient(sdk.httpClient())
                .authenticate(ownerCredential, sdk.profile(SUB));
        String scope = "/subscriptions/" + SUB;
        RoleDefinition reader = authorization.roleDefinitions().getByScopeAndRoleName(scope, "Reader");
        assertThat(reader.name()).isEqualTo(Role.READER.definitionId().toString());
        assertThat(authorization.roleDefinitions().getByScopeAndRoleName(scope, "Billing Reader").name())
                .isEqualTo(Role.BILLING_READER.definitionId().toString());
        assertThat(authorization.roleDefinitions().getById(reader.id()).roleName()).isEqualTo("Reader");

        AzureSdkSupport.ServicePrincipal someone = sdk.newServicePrincipal("assigned by the SDK", false);
        String name = UUID.randomUUID().toString();
        RoleAssignment created = authorization.roleAssignments().define(name).forObjectId(someone.objectId())
                .withBuiltInRole(BuiltInRole.READER).withSubscriptionScope(SUB.toString()).create();
        assertThat(created.roleDefinitionId()).endsWith(Role.READER.definitionId().toString());
        assertThat(created.principalId()).isEqualTo(someone.objectId());
        assertThat(created.innerModel().createdBy()).isEqualTo(owner.objectId());
        assertThat(created.innerModel().createdOn()).isNotNull();

        assertThat(authorization.roleAssignments().listByScope(scope)).extracting(RoleAssignment::name)
                .contains(name);
        RoleAssignment read = authorization.roleAssignments().getById(created.id());
        assertThat(read.principalId()).isEqualTo(someone.objectId());
        assertThat(authorization.roleAssignments().getByScope(scope, name).scope()).isEqualTo(scope);

        ResourceManager asSomeone = ResourceManager.configure().withHttpClient(sdk.httpClient())
                .authenticate(sdk.credential(someone), sdk.profile(SUB)).withSubscription(SUB.toString());
        assertThat(asSomeone.subscriptions().getById(SUB.toString()).subscriptionId()).isEqualTo(SUB.toString());

        authorization.roleAssignments().deleteById(created.id());
        assertThat(authorization.roleAssignments().listByScope(scope)).extracting(RoleAssignment::name)
                .doesNotContain(name);
    }

    @Test
    void filteredInvoiceAndBillingPeriodListsPageThroughEveryNextLinkAsGiven() {
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(sdk.httpClient())
                .policies(new BearerTokenAuthenticationPolicy(ownerCredential, ARM_SCOPE)).build();
        String billing = sdk.endpoint() + "/subscriptions/" + SUB + "/providers/Microsoft.Billing";
        String invoiceFilter = URLEncoder.encode("invoicePeriodEndDate ge 2026-09-01 and invoicePeriodEndDate le "
                + "2026-11-30", StandardCharsets.UTF_8).replace("+", "%20");
        List<String> invoiceNames = names(pipeline, billing + "/invoices?api-version=2018-03-01-preview&$filter="
                + invoiceFilter);
        assertThat(invoiceNames).hasSize(3).doesNotHaveDuplicates();

        String periodFilter = URLEncoder.encode("billingPeriodEndDate gt 2026-08-31", StandardCharsets.UTF_8)
                .replace("+", "%20");
        List<String> periodNames = names(pipeline, billing + "/billingPeriods?api-version=2018-03-01-preview"
                + "&$filter=" + periodFilter);
        assertThat(periodNames).contains("202609-1", "202610-1", "202611-1").doesNotContain("202608-1")
                .doesNotHaveDuplicates();
    }

    /** Every {@code name} of a list, following {@code nextLink}s with azure-core's {@link PagedIterable}. */
    private static List<String> names(HttpPipeline pipeline, String firstUrl) {
        List<String> pagesFetched = new ArrayList<>();
        PagedIterable<String> all = new PagedIterable<>(() -> page(pipeline, firstUrl, pagesFetched),
                next -> page(pipeline, next, pagesFetched));
        List<String> names = all.stream().toList();
        assertThat(pagesFetched).as("one item per page").hasSize(names.size());
        return names;
    }

    private static PagedResponse<String> page(HttpPipeline pipeline, String url, List<String> fetched) {
        fetched.add(url);
        try (HttpResponse response = pipeline.sendSync(new HttpRequest(HttpMethod.GET, url),
                com.azure.core.util.Context.NONE)) {
            String body = response.getBodyAsBinaryData().toString();
            assertThat(response.getStatusCode()).as(url + " -> " + body).isEqualTo(200);
            JsonNode json = JSON.readTree(body);
            List<String> names = new ArrayList<>();
            json.get("value").forEach(item -> names.add(item.get("name").asString()));
            String next = json.hasNonNull("nextLink") ? json.get("nextLink").asString() : null;
            return new PagedResponseBase<Void, String>(response.getRequest(), 200, response.getHeaders(), names, next,
                    null);
        }
    }
}
