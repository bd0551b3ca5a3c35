package io.meterwise.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

import io.meterwise.server.storage.OwnerOnlyFiles;
import io.meterwise.core.access.PrincipalStore;

/**
 * On start, makes sure the operator principal exists. On the first start without a configured secret, its secret is
 * written once to {@code <dataDir>/operator-secret.txt} (owner-only) and the log says where.
 */
final class OperatorBootstrap implements InitializingBean {

    static final String SECRET_FILE = "operator-secret.txt";
    private static final Logger log = LoggerFactory.getLogger(OperatorBootstrap.class);

    private final PrincipalStore principals;
    private final @Nullable String configuredSecret;
    private final Path dataDir;

    OperatorBootstrap(PrincipalStore principals, @Nullable String configuredSecret, Path dataDir) {
        this.principals = principals;
        this.configuredSecret = configuredSecret;
        this.dataDir = dataDir;
    }

    @Override
    public void afterPropertiesSet() {
        Optional<String> created = principals.ensureOperator(configuredSecret);
        if (created.isEmpty()) {
            return;
        }
        Path file = dataDir.resolve(SECRET_FILE).toAbsolutePath();
        String content = "client_id=" + PrincipalStore.OPERATOR_CLIENT_ID + "\nclient_secret=" + created.get() + "\n";
        try {
            Files.deleteIfExists(file);
            OwnerOnlyFiles.create(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the operator secret to " + file, e);
        }
        log.warn("Created the operator principal '{}'. Its client secret is in {} (owner-only); read it, store it "
                + "safely and delete the file. It is not shown again.", PrincipalStore.OPERATOR_CLIENT_ID, file);
    }
}
