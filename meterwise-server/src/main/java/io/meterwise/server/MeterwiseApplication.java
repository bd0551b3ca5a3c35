package io.meterwise.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MeterwiseApplication {

    public static void main(String[] args) {
        SpringApplication.run(MeterwiseApplication.class, args);
    }
}
