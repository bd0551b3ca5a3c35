package io.meterwise.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.meterwise.server.MeterwiseApplication;
import io.meterwise.server.testing.TestDataDirs;

/**
 * No secret, token or password hash ever reaches a log: the server's log file, written while clients send wrong,
 * malformed and control-character credentials, is scanned for every one of them (issue 9).
 */
class SecretsNeverReachTheLogsTest {

    static final String OPERATOR_SECRET = "op-Secret-4f1c9b2e7a";
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void noSecretTokenOrHashIsEverLogged() throws Exception {
        Path dir = TestDataDirs.create("secrets");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(MeterwiseApplication.class).run(
                "--server.port=0", "--meterwise.data-dir=" + dir.resolve("data"),
                "--meterwise.billing.scheduler-enabled=false", "--meterwise.security.operator-secret=" + OPERATOR_SECRET,
                "--logging.level.org.apache=DEBUG");
        // Spring Boot configures logging while it starts, so the capture is attached once it has started.
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        List<String> secrets = new ArrayList<>(List.of(OPERATOR_SECRET, "MySecretZz91", "WrongSecret77"));
        try {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            String base = "http://localhost:" + port;
            HttpResponse<String> badEncoding = token(base, "grant_type=client_credentials&client_id=meterwise-operator"
                    + "&client_secret=%zzMySecretZz91");
            HttpResponse<String> wrong = token(base, "grant_type=client_credentials&client_id=meterwise-operator"
                    + "&client_secret=WrongSecret77");
            HttpResponse<String> good = token(base, "grant_type=client_credentials&client_id=meterwise-operator"
                    + "&client_secret=" + OPERATOR_SECRET);
            String accessToken = good.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
            secrets.add(accessToken);
            secrets.addAll(app.getBean(JdbcTemplate.class).queryForList("SELECT secret_hash FROM principal",
                    String.class));
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /subscriptions?api-version=2020-01-01 HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                        + "Bearer " + accessToken + "\u0001x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.getInputStream().readAllBytes();
            }
            HttpResponse<String> inUrl = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/oauth2/token?client_secret=WrongSecret77")).header("Content-Type",
                    "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                    "grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(badEncoding.statusCode()).as(badEncoding.body()).isEqualTo(400);
            assertThat(badEncoding.body()).contains("invalid_request");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(inUrl.statusCode()).isEqualTo(400);
        } finally {
            app.close();
            root.detachAppender(captured);
        }
        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : captured.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                logged.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        String written = logged.toString();
        assertThat(captured.list).as("the log was captured").isNotEmpty();
        for (String secret : secrets) {
            assertThat(written).as("a secret, token or hash in the log").doesNotContain(secret);
        }
        assertThat(written).doesNotContain("pbkdf2-sha256$").doesNotContain("client_secret=");
    }

    HttpResponse<String> token(String base, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
