package io.meterwise.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import io.meterwise.server.security.PrincipalCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeterwiseApplication {

    public static void main(String[] args) {
        if (PrincipalCommand.handles(args)) {
            System.exit(PrincipalCommand.run(args, System.out, System.err));
        }
        SpringApplication.run(MeterwiseApplication.class, args);
    }
}
