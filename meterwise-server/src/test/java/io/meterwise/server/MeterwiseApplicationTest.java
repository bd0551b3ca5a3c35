package io.meterwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MeterwiseApplicationTest {

    @Test
    void demoFlagEnablesTheDemoCloud() {
        assertThat(MeterwiseApplication.expandFlags(new String[] {"--demo", "--server.port=0"}))
                .containsExactly("--meterwise.demo.enabled=true", "--server.port=0");
    }
}
