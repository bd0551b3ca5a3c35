package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * No secret, token or password hash reached the logs of the whole test suite (issue 9 item 7). Every test of the
 * server module logs to {@code target/test-logs/suite-<build>.log} (logback-test.xml); the Maven execution
 * {@code suite-log-scan} runs this class alone after all the others (its name matches no test pattern, so the default
 * execution leaves it out) and reads that file. The tests send wrong, malformed and control-character secrets and
 * tokens on purpose (SecretsNeverReachTheLogsTest, TokenEndpointIT, AccessMatrixIT, the fuzz tests).
 */
class SuiteLogScan {

    static final List<Pattern> SECRETS = List.of(
            // a JSON Web Token: header and claims are base64url JSON objects
            Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
            Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/-]{16,}"),
            Pattern.compile("client_secret=[^&\\s\"]+"),
            Pattern.compile("\"(access_token|client_secret|clientSecret)\"\\s*:\\s*\"[^\"]+"),
            Pattern.compile("pbkdf2-sha256\\$"),
            Pattern.compile(Pattern.quote(SecretsNeverReachTheLogsTest.OPERATOR_SECRET)),
            Pattern.compile("MySecretZz91|WrongSecret77"));

    @Test
    void noSecretTokenOrHashReachedTheLogsOfTheSuite() throws IOException {
        String run = System.getProperty("meterwise.suite-run");
        Path log = Path.of("target", "test-logs", "suite-" + run + ".log");
        Assumptions.assumeTrue(run != null && Files.isRegularFile(log) && Files.size(log) > 0,
                "no server logged in this build (a run of selected tests only)");
        List<String> found = new ArrayList<>();
        long lines = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                for (Pattern secret : SECRETS) {
                    if (secret.matcher(line).find()) {
                        found.add(log.getFileName() + ":" + lines + " [" + secret.pattern() + "] "
                                + line.substring(0, Math.min(line.length(), 300)));
                    }
                }
            }
        }
        assertThat(lines).as("lines scanned").isPositive();
        assertThat(found).as("secrets, tokens or hashes in the suite's log").isEmpty();
    }
}
