package io.meterwise.server.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.meterwise.core.access.AccessPolicy;
import io.meterwise.core.access.Principal;
import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.core.access.PrincipalStore;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    @Bean
    SigningKey signingKey(MeterwiseProperties properties) {
        return SigningKey.loadOrCreate(properties.dataDir());
    }

    @Bean
    TokenIssuer tokenIssuer(SigningKey key, SecurityProperties properties, Clock clock) {
        return new TokenIssuer(key, properties.issuer(), properties.audience(), properties.tenantId(),
                properties.tokenLifetime(), clock);
    }

    @Bean
    TokenVerifier tokenVerifier(SigningKey key, SecurityProperties properties, Clock clock) {
        SecurityProperties.External external = properties.external();
        Set<String> operatorIds = new HashSet<>(external.operatorIds());
        List<TrustedIssuer> issuers = new ArrayList<>();
        issuers.add(new TrustedIssuer(properties.issuer(), properties.audience(), new ImmutableJWKSet<>(key.publicKeys()),
                true, Set.of(), properties.tenantId()));
        if (external.configured()) {
            if (external.audience() == null || external.audience().isBlank()) {
                throw new IllegalStateException("meterwise.security.external.audience must be set with the issuer");
            }
            issuers.add(new TrustedIssuer(external.issuer(), external.audience(),
                    new ExternalIssuerKeys(external.issuer(), external.jwksUri()), false, Set.copyOf(operatorIds),
                    external.issuer()));
        }
        return new TokenVerifier(issuers, clock);
    }

    /** Wall-clock time, not the business clock: the limit is about how fast secrets are tried. */
    @Bean
    FailedAuthentications failedAuthentications(SecurityProperties properties) {
        SecurityProperties.FailedAuthentication limits = properties.failedAuthentication();
        return new FailedAuthentications(limits.perClient(), limits.perAddress(), limits.window(),
                limits.maxTracked(), Clock.systemUTC());
    }

    @Bean
    EntraTenants entraTenants(SecurityProperties properties) {
        return new EntraTenants(properties.tenantId());
    }

    @Bean
    AccessPolicy accessPolicy() {
        return new AccessPolicy();
    }

    @Bean
    OperatorBootstrap operatorBootstrap(PrincipalStore principals, SecurityProperties properties,
            MeterwiseProperties meterwise) {
        return new OperatorBootstrap(principals, properties.operatorSecret(), meterwise.dataDir());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == Principal.class;
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                    NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
                Object principal = webRequest.getAttribute(Caller.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (principal == null) {
                    throw new IllegalStateException("no authenticated caller");
                }
                return principal;
            }
        });
    }
}
