package io.meterwise.server.http.paging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.access.SharedSecrets;

@Configuration(proxyBeanMethods = false)
class PagingConfiguration {

    @Bean
    ContinuationTokens continuationTokens(SharedSecrets secrets) {
        return ContinuationTokens.withKey(secrets.secret(ContinuationTokens.KEY_FILE));
    }
}
