package io.meterwise.server.export;

import java.time.Clock;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.export.CostExportStore;
import io.meterwise.core.export.CostExports;
import io.meterwise.core.focus.FocusRows;
import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.server.storage.ConditionalOnStore;
import io.meterwise.server.storage.SealedSecrets;

/** Wires cost exports: FOCUS rows, the store, staged files in the data directory, directory and S3 delivery. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExportProperties.class)
class ExportConfiguration {

    @Bean
    CostExports costExports(Catalog catalog, FocusRows focus, CostExportStore store, ExportProperties properties,
            MeterwiseProperties meterwise, Clock clock, SealedSecrets secrets) {
        ExportFiles files = new ExportFiles(meterwise.dataDir().resolve("export-staging"), properties.rowsPerFile());
        Deliveries deliveries = new Deliveries(new DirectoryDelivery(root(properties, meterwise)),
                new S3Delivery(properties.s3PartSize().toBytes(), properties.s3Timeout()), secrets);
        return new CostExports(catalog, focus, store, files, deliveries, clock, UUID.randomUUID().toString(),
                properties.runLease());
    }

    @Bean(destroyMethod = "close")
    ExportLeases exportLeases(CostExports exports, ExportProperties properties,
            @Value("${" + ConditionalOnStore.PROPERTY + ":" + ConditionalOnStore.DEFAULT + "}") String store) {
        return new ExportLeases(exports, store.equals("duckdb"), properties.runLeaseRenewal());
    }

    @Bean(destroyMethod = "close")
    ExportRunner exportRunner(CostExports exports) {
        return new ExportRunner(exports);
    }

    static java.nio.file.Path root(ExportProperties properties, MeterwiseProperties meterwise) {
        return properties.root() != null ? properties.root() : meterwise.dataDir().resolve("exports");
    }
}
