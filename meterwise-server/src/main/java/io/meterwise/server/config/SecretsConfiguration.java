package io.meterwise.server.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.server.storage.SealedSecrets;

/** The key that seals secrets at rest: {@code meterwise.secrets.key-file}, else the data directory's. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretsProperties.class)
class SecretsConfiguration {

    @Bean
    SealedSecrets sealedSecrets(SecretsProperties secrets, MeterwiseProperties meterwise) {
        return new SealedSecrets(secrets.keyFile() != null ? secrets.keyFile()
                : meterwise.dataDir().resolve(SealedSecrets.DEFAULT_KEY_FILE));
    }
}
