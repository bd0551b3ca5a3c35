package io.meterwise.server.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HttpConfiguration {

    @Bean
    PublicUrls publicUrls(HttpProperties properties) {
        return new PublicUrls(properties.trustedProxies());
    }
}
