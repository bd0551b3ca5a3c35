package io.meterwise.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.context.ApplicationContext;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;

import io.meterwise.core.access.Role;
import io.meterwise.core.access.PrincipalStore;
import io.meterwise.core.access.RoleAssignmentStore;
import io.meterwise.server.tls.HttpsConnector;

/**
 * The official Azure SDKs for Java against a running test server, over HTTPS with the server's local CA:
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = RANDOM_PORT)   // meterwise.tls.port=0 comes from test config: random HTTPS port
 * AzureSdkSupport sdk = AzureSdkSupport.from(context);
 * AzureSdkSupport.ServicePrincipal reader = sdk.servicePrincipalWithRole(Role.READER, subscriptionId);
 * TokenCredential credential = sdk.credential(reader);        // ClientSecretCredential, authorityHost = the server
 * ResourceManager arm = ResourceManager.configure().withHttpClient(sdk.httpClient())
 *         .authenticate(credential, sdk.profile(subscriptionId)).withSubscription(subscriptionId.toString());
 * java.net.http.HttpClient raw = sdk.jdkHttpClient();      // plain HTTPS calls to sdk.endpoint() + path
 * }</pre>
 *
 * Nothing is global: the trust store holds only the server's CA and is handed to each client (the JDK
 * {@code HttpClient} transport of azure-core, which azure-identity's MSAL also uses when given an {@code httpClient}).
 */
public final class AzureSdkSupport {

    private final int port;
    private final Path caFile;
    private final String tenantId;
    private final PrincipalStore principals;
    private final RoleAssignmentStore assignments;
    private final SSLContext sslContext;

    private AzureSdkSupport(int port, Path caFile, String tenantId, PrincipalStore principals,
            RoleAssignmentStore assignments) {
        this.port = port;
        this.caFile = caFile;
        this.tenantId = tenantId;
        this.principals = principals;
        this.assignments = assignments;
        this.sslContext = sslContext(trustStore(caFile));
    }

    public static AzureSdkSupport from(ApplicationContext context) {
        HttpsConnector https = context.getBean(HttpsConnector.class);
        if (https.port() <= 0 || https.localCa() == null) {
            throw new IllegalStateException("the test server has no HTTPS connector with a local CA");
        }
        return new AzureSdkSupport(https.port(), https.localCa(),
                context.getEnvironment().getProperty("meterwise.security.tenant-id", "meterwise"),
                context.getBean(PrincipalStore.class), context.getBean(RoleAssignmentStore.class));
    }

    /** A service principal with a client secret, as {@code principal create} makes one. */
    public record ServicePrincipal(String objectId, String clientId, String clientSecret) {
    }

    /** {@code https://localhost:{port}}, without a trailing slash. */
    public String endpoint() {
        return "https://localhost:" + port;
    }

    public int httpsPort() {
        return port;
    }

    /** The PEM file of the server's local CA (what {@code curl --cacert} and {@code NODE_EXTRA_CA_CERTS} take). */
    public Path caFile() {
        return caFile;
    }

    public String tenantId() {
        return tenantId;
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    /** A JDK client that trusts the server's CA, for raw HTTPS calls. */
    public java.net.http.HttpClient jdkHttpClient() {
        return java.net.http.HttpClient.newBuilder().sslContext(sslContext).build();
    }

    /** The azure-core transport for every SDK client and credential builder ({@code .httpClient(...)}). */
    public HttpClient httpClient() {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(sslContext)).build();
    }

    /** An environment whose Resource Manager and Active Directory endpoints are the test server. */
    public AzureEnvironment environment() {
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", endpoint() + "/");
        endpoints.put("activeDirectoryEndpointUrl", endpoint() + "/");
        return new AzureEnvironment(endpoints);
    }

    public AzureProfile profile(UUID subscriptionId) {
        return new AzureProfile(tenantId, subscriptionId == null ? null : subscriptionId.toString(), environment());
    }

    /** A {@code ClientSecretCredential} that signs in at the server's Entra-shaped authority. */
    public TokenCredential credential(ServicePrincipal principal) {
        return new ClientSecretCredentialBuilder().tenantId(tenantId).clientId(principal.clientId())
                .clientSecret(principal.clientSecret()).authorityHost(endpoint()).disableInstanceDiscovery()
                .httpClient(httpClient()).build();
    }

    public ServicePrincipal newServicePrincipal(String displayName, boolean operator) {
        PrincipalStore.CreatedPrincipal created = principals.create(displayName, operator);
        return new ServicePrincipal(created.principal().objectId(), created.principal().clientId(),
                created.clientSecret());
    }

    /** A new service principal holding {@code role} on {@code subscriptionId}. */
    public ServicePrincipal servicePrincipalWithRole(Role role, UUID subscriptionId) {
        ServicePrincipal p = newServicePrincipal("sdk test " + role.wireName(), false);
        assignments.assign(p.objectId(), role, subscriptionId);
        return p;
    }

    private static KeyStore trustStore(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("meterwise-local-ca",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext sslContext(KeyStore trust) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
