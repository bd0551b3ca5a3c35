package io.meterwise.server.demo;

import java.time.Clock;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.usage.UsageLedger;

/** Loads the demo cloud on start when {@code meterwise.demo.enabled=true} (or the {@code --demo} flag is given). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("meterwise.demo.enabled")
class DemoConfiguration {

    @Bean
    DemoLoader demoLoader(CatalogStore catalogStore, UsageLedger usageLedger, Clock clock, DemoProperties settings) {
        return new DemoLoader(catalogStore, usageLedger, clock, settings);
    }

    @Bean
    ApplicationRunner demoLoaderRunner(DemoLoader demoLoader) {
        return args -> demoLoader.load();
    }
}
