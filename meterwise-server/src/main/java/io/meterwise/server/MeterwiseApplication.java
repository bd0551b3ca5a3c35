package io.meterwise.server;

import org.springframework.boot.SpringApplication;
import io.meterwise.server.billing.InvoiceCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeterwiseApplication {

    public static void main(String[] args) {
        if (InvoiceCommand.handles(args)) {
            System.exit(InvoiceCommand.run(MeterwiseApplication.class, args, System.out, System.err));
        }
        SpringApplication.run(MeterwiseApplication.class, args);
    }
}
