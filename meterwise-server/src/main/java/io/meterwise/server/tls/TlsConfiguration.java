package io.meterwise.server.tls;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.server.config.MeterwiseProperties;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "meterwise.tls.enabled", havingValue = "true", matchIfMissing = true)
class TlsConfiguration {

    @Bean
    HttpsConnector httpsConnector(TlsProperties properties, MeterwiseProperties meterwise) {
        // Clients check certificates against their real clocks, so the server's (possibly fixed) Clock is not used.
        return new HttpsConnector(properties, meterwise.dataDir().resolve("tls"), Clock.systemUTC());
    }
}
