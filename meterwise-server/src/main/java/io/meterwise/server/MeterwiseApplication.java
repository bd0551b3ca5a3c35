package io.meterwise.server;

import java.util.Arrays;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.meterwise.server.security.PrincipalCommand;
import io.meterwise.server.billing.InvoiceCommand;
import io.meterwise.server.forecast.BacktestCommand;
import io.meterwise.server.http.estimate.EstimateCommand;
import io.meterwise.server.ingest.IngestCommand;
import io.meterwise.server.storage.MigrateStoreCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeterwiseApplication {

    public static void main(String[] args) {
        if (PrincipalCommand.handles(args)) {
            System.exit(PrincipalCommand.run(args, System.out, System.err));
        }
        if (MigrateStoreCommand.handles(args)) {
            System.exit(MigrateStoreCommand.run(args, System.out, System.err));
        }
        if (BacktestCommand.handles(args)) {
            System.exit(BacktestCommand.run(args, System.out, System.err));
        }
        if (InvoiceCommand.handles(args)) {
            System.exit(InvoiceCommand.run(MeterwiseApplication.class, args, System.out, System.err));
        }
        if (EstimateCommand.handles(args)) {
            System.exit(EstimateCommand.run(MeterwiseApplication.class, args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("ingest")) {
            System.exit(IngestCommand.run(MeterwiseApplication.class, Arrays.copyOfRange(args, 1, args.length),
                    System.in, System.out, System.err));
        }
        SpringApplication.run(MeterwiseApplication.class, expandFlags(args));
    }

    /** {@code --demo} is short for {@code --meterwise.demo.enabled=true}. */
    static String[] expandFlags(String[] args) {
        return Arrays.stream(args).map(a -> a.equals("--demo") ? "--meterwise.demo.enabled=true" : a)
                .toArray(String[]::new);
    }
}
