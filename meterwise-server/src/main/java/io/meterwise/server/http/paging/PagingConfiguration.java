package io.meterwise.server.http.paging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.server.config.MeterwiseProperties;

@Configuration(proxyBeanMethods = false)
class PagingConfiguration {

    @Bean
    ContinuationTokens continuationTokens(MeterwiseProperties properties) {
        return ContinuationTokens.inDataDir(properties.dataDir());
    }
}
