package io.meterwise.server.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.event.EventListener;

/**
 * Adds the HTTPS connector next to the HTTP one (same application, same routes), with the operator's certificate or
 * the local CA's. {@link #port()} is the port it listens on once started (useful with {@code meterwise.tls.port=0}).
 */
public final class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(HttpsConnector.class);

    private final TlsProperties properties;
    private final java.nio.file.Path tlsDir;
    private final Clock clock;
    private volatile Connector connector;
    private volatile ServerCertificate certificate;

    HttpsConnector(TlsProperties properties, java.nio.file.Path tlsDir, Clock clock) {
        this.properties = properties;
        this.tlsDir = tlsDir;
        this.clock = clock;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        try {
            certificate = properties.certificate() != null
                    ? OperatorCertificate.load(properties.certificate(), properties.privateKey(),
                            properties.keyStorePassword())
                    : LocalCertificateAuthority.ensure(tlsDir, properties.hostNames(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("HTTPS cannot start: " + e.getMessage(), e);
        }
        Connector https = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        https.setPort(properties.port());
        https.setScheme("https");
        https.setSecure(true);
        https.setURIEncoding(StandardCharsets.UTF_8.name());
        https.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate hostCertificate = new SSLHostConfigCertificate(host,
                SSLHostConfigCertificate.Type.UNDEFINED);
        hostCertificate.setCertificateKeystore(certificate.keyStore());
        hostCertificate.setCertificateKeystorePassword(new String(certificate.password()));
        hostCertificate.setCertificateKeyAlias(ServerCertificate.ALIAS);
        host.addCertificate(hostCertificate);
        host.setProtocols("TLSv1.2+TLSv1.3");
        https.addSslHostConfig(host);
        factory.addAdditionalConnectors(https);
        this.connector = https;
    }

    /** The port HTTPS listens on, or -1 before the server started. */
    public int port() {
        Connector c = connector;
        return c == null ? -1 : c.getLocalPort();
    }

    /** The CA file clients trust for the generated certificate; null when the operator supplied the certificate. */
    public java.nio.file.Path localCa() {
        ServerCertificate c = certificate;
        return c == null ? null : c.localCa();
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (certificate.localCa() != null) {
            log.info("HTTPS on port {} with a certificate of the local CA {}. Trust it: curl --cacert {} ..., "
                    + "NODE_EXTRA_CA_CERTS={}, or a Java trust store (docs/tls.md).", port(), certificate.localCa(),
                    certificate.localCa(), certificate.localCa());
        } else {
            log.info("HTTPS on port {} with the certificate {} (subject {}).", port(), certificate.source(),
                    certificate.chain().get(0).getSubjectX500Principal().getName());
        }
    }
}
