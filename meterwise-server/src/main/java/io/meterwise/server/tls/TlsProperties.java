package io.meterwise.server.tls;

import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.tls.*}: HTTPS on its own {@code port} next to the HTTP port. Without a
 * {@code certificate}, a local CA and a server certificate for {@code localhost} (plus {@code hostNames}) are created
 * in {@code <data-dir>/tls}. An operator's certificate is a PEM chain with {@code privateKey} (PEM), or a PKCS#12 file
 * ({@code .p12}/{@code .pfx}) opened with {@code keyStorePassword}.
 */
@ConfigurationProperties("meterwise.tls")
record TlsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("8443") int port,
        @DefaultValue List<String> hostNames, @Nullable Path certificate, @Nullable Path privateKey,
        @Nullable String keyStorePassword) {
}
