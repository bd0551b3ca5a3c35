package io.meterwise.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.catalog.CatalogStore;
import io.meterwise.core.catalog.MeterPrice;
import io.meterwise.core.catalog.PriceListKey;
import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.CostExports;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExecutionType;
import io.meterwise.core.export.ExportFormat;
import io.meterwise.core.export.ExportRun;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.ExportType;
import io.meterwise.core.export.RunStatus;
import io.meterwise.core.export.Timeframe;
import io.meterwise.server.MeterwiseApplication;

/**
 * W1 FOCUS export: 10,000 resources x 720 hours = 7.2 million usage records in one subscription, exported as FOCUS
 * 1.2 CSV (one row per record, every column, rated) through the same {@link CostExports} a scheduled run uses, to a
 * directory; against DuckDB's own {@code COPY (SELECT ... the same records, priced) TO '...csv'} in the same run. The
 * figure is the ratio of rows per second (export / COPY; target at least 0.3). Figures only, no assertions.
 * Run: {@code bench/run ExportBench [resources] [hours] [runs]}.
 */
public final class ExportBench {

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 720;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Path dataDir = Files.createTempDirectory("meterwise-w1-export");
        List<UUID> meters = new ArrayList<>();
        for (int m = 0; m < UsageAggregatesBench.METERS; m++) {
            meters.add(UUID.nameUUIDFromBytes(("w1-meter-" + m).getBytes()));
        }
        long t0 = System.nanoTime();
        long records = UsageAggregatesBench.load(dataDir, resources, hours, meters);
        System.out.printf("W1 load: %,d records in %.1f s%n", records, UsageAggregatesBench.secs(t0));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(MeterwiseApplication.class)
                .properties("logging.level.root=WARN", "spring.main.banner-mode=off")
                .run("--server.port=0", "--meterwise.data-dir=" + dataDir, "--meterwise.billing.scheduler-enabled=false",
                        "--meterwise.exports.scheduler-enabled=false", "--meterwise.tls.enabled=false");
        try {
            CatalogStore catalog = context.getBean(CatalogStore.class);
            UsageAggregatesBench.seedCatalog(catalog, meters);
            StringBuilder prices = new StringBuilder();
            for (int m = 0; m < meters.size(); m++) {
                BigDecimal price = new BigDecimal("0.05").add(new BigDecimal(m).movePointLeft(2));
                catalog.addPriceVersion(new PriceListKey("MS-AZR-0003P", Currency.getInstance("USD"), "US"),
                        MeterPrice.flat(meters.get(m), Instant.parse("2020-01-01T00:00:00Z"), price));
                prices.append(m == 0 ? "" : ", ").append("('").append(meters.get(m)).append("'::UUID, ")
                        .append(price.toPlainString()).append(")");
            }
            CostExports exports = context.getBean(CostExports.class);
            CostExport export = new CostExport(new ExportScope(UsageAggregatesBench.SUBSCRIPTION, null), "w1",
                    ExportType.FocusCost, Timeframe.Custom, Instant.parse("2025-06-01T00:00:00Z"),
                    Instant.parse("2025-06-30T00:00:00Z"), ExportFormat.Csv, false, List.of(),
                    new Destination.Directory("bench", ""), null, Instant.now(), Instant.now());
            DataSource dataSource = context.getBean(DataSource.class);
            Path copy = dataDir.resolve("copy.csv");
            String sql = "COPY (SELECT u.*, u.quantity * p.price AS cost, p.price FROM usage_record u JOIN (VALUES "
                    + prices + ") p(meter_id, price) USING (meter_id) WHERE subscription_id = '"
                    + UsageAggregatesBench.SUBSCRIPTION + "'::UUID AND usage_start >= TIMESTAMP '2025-06-01 00:00:00' "
                    + "AND usage_start < TIMESTAMP '2025-07-01 00:00:00') TO '" + copy + "' (HEADER)";
            List<Double> ours = new ArrayList<>();
            List<Double> duck = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long a = System.nanoTime();
                ExportRun run = exports.run(export, ExecutionType.OnDemand, "bench");
                ours.add(UsageAggregatesBench.secs(a));
                if (run.status() != RunStatus.Completed) {
                    throw new IllegalStateException("export failed: " + run.error());
                }
                long b = System.nanoTime();
                long copied;
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    copied = s.executeUpdate(sql);
                }
                duck.add(UsageAggregatesBench.secs(b));
                System.out.printf("run %d: FOCUS export %.1f s (%,d rows, %s), DuckDB COPY %.1f s (%,d rows, %,d bytes)%n",
                        i + 1, ours.get(i), records, run.fileName(), duck.get(i), copied, Files.size(copy));
                Files.delete(copy);
            }
            double exportMedian = CostQueryBench.median(ours);
            double copyMedian = CostQueryBench.median(duck);
            System.out.printf("W1 %,d records: FOCUS export median %.1f s (%,.0f rows/s), DuckDB COPY median %.1f s "
                    + "(%,.0f rows/s), rate ratio %.2f (target >= 0.3)%n", records, exportMedian,
                    records / exportMedian, copyMedian, records / copyMedian, copyMedian / exportMedian);
        } finally {
            context.close();
            UsageAggregatesBench.delete(dataDir);
        }
    }
}
