package io.meterwise.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InvoiceCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"invoices", "invoices list", "invoices issue --period 2026-13",
            "invoices issue --subscription not-a-guid", "invoices issue --what 1", "invoices issue --period"})
    void refusesBadArgumentsBeforeStartingAnything(String line) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InvoiceCommand.run(Object.class, line.split(" "), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isNotBlank();
    }
}
