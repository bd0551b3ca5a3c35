package io.meterwise.server.notify;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code meterwise.notify.mail.*}: the SMTP server alert e-mails are sent through. Without a
 * {@code host} no e-mail is sent (e-mail deliveries fail with "no email transport is configured").
 *
 * @param host             SMTP server host name
 * @param port             its port (587 submission by default; 465 with {@code ssl})
 * @param startTls         upgrade the connection with STARTTLS when the server offers it
 * @param startTlsRequired refuse to send (and to send credentials) over a connection that was not upgraded
 * @param ssl              implicit TLS from the first byte (port 465) instead of STARTTLS
 * @param username         SMTP AUTH user (no AUTH when empty)
 * @param password         SMTP AUTH password
 * @param from             the sender address
 * @param timeout          connect, read and write timeout
 */
@ConfigurationProperties("meterwise.notify.mail")
public record MailProperties(
        @Nullable String host,
        @DefaultValue("587") int port,
        @DefaultValue("true") boolean startTls,
        @DefaultValue("true") boolean startTlsRequired,
        @DefaultValue("false") boolean ssl,
        @Nullable String username,
        @Nullable String password,
        @DefaultValue("meterwise@localhost") String from,
        @DefaultValue("20s") Duration timeout) {

    boolean configured() {
        return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
        return "MailProperties[host=" + host + ", port=" + port + ", startTls=" + startTls + ", username=" + username
                + ", password=" + (password == null || password.isEmpty() ? "" : "****") + ", from=" + from + "]";
    }
}
