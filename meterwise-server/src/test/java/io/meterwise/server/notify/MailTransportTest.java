package io.meterwise.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.catalog.SubscriptionState;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.Channel;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt.Outcome;
import io.meterwise.core.notify.DeliveryPlan;
import io.meterwise.core.notify.DeliveryTransport;
import io.meterwise.core.testing.InMemoryCatalogStore;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** The SMTP transport against GreenMail, an SMTP server in this JVM that keeps what arrived. */
class MailTransportTest {

    static final UUID SUB = UUID.fromString("7e57a1e7-0000-4000-8000-00000000e001");
    GreenMail smtp;
    int port;
    final InMemoryCatalogStore catalog = new InMemoryCatalogStore();

    @BeforeEach
    void start() throws IOException {
        port = freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts", "smtp-pass-123"));
        smtp.start();
        catalog.putSubscription(new Subscription(SUB, "Contoso <web>", SubscriptionState.ENABLED, "MS-AZR-0003P",
                Currency.getInstance("EUR"), "DE", "tenant-1"));
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    MailProperties properties(int port, boolean startTlsRequired, String password) {
        return new MailProperties("127.0.0.1", port, true, startTlsRequired, false, "alerts", password,
                "Meterwise Alerts <alerts@meterwise.test>", Duration.ofSeconds(5));
    }

    static AlertNotice notice() {
        return new AlertNotice("alert-mail-1", "/subscriptions/" + SUB, "monthly", AlertNotice.Kind.COST, "Actual",
                "GreaterThanOrEqualTo", new BigDecimal("90"), new BigDecimal("2500"), new BigDecimal("2251.005"),
                "EUR", LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"),
                Instant.parse("2026-10-21T06:30:00Z"), List.of("cfo@example.com"), List.of(), List.of(), "de-de");
    }

    static Delivery delivery(String address) {
        String id = DeliveryPlan.deliveryId("alert-mail-1", Channel.EMAIL, address);
        return new Delivery(id, "alert-mail-1", Channel.EMAIL, address, Delivery.State.PENDING, 0, Instant.EPOCH, null,
                Instant.EPOCH);
    }

    @Test
    void sendsAPlainTextAndAnHtmlPartWithTheFiguresAndTheDeliveryIdAsMessageId() throws Exception {
        Delivery delivery = delivery("cfo@example.com");
        DeliveryTransport.Result result = new MailTransport(properties(port, false, "smtp-pass-123"), catalog)
                .send(delivery, notice());
        assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.DELIVERED);
        assertThat(result.status()).isEqualTo(250);

        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("cfo@example.com");
        assertThat(m.getFrom()[0].toString()).contains("alerts@meterwise.test");
        assertThat(m.getMessageID()).isEqualTo("<" + delivery.id() + "@meterwise>");
        assertThat(m.getHeader("X-Meterwise-Delivery")[0]).isEqualTo(delivery.id());
        assertThat(m.getSubject().replace('\u00a0', ' ')).isEqualTo("Budget 'monthly': reached 90 % of 2.500,00 €");
        Multipart alternative = (Multipart) m.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        assertThat(alternative.getCount()).isEqualTo(2);
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = ((String) alternative.getBodyPart(0).getContent()).replace('\u00a0', ' ');
        String html = ((String) alternative.getBodyPart(1).getContent()).replace('\u00a0', ' ');
        assertThat(text).contains("Spend so far: 2.251,01 €").contains("Budget: 2.500,00 €")
                .contains("Period: 01.10.2026 – 31.10.2026 (UTC)").contains("Fired at: 21.10.2026, 06:30:00 UTC")
                .contains("(Contoso <web>)");
        assertThat(html).contains("<td>2.251,01 €</td>").contains("Contoso &lt;web&gt;")
                .contains("<td>01.10.2026 – 31.10.2026 (UTC)</td>");
    }

    @Test
    void requiredStartTlsRefusesAServerWithoutItAndSendsNothing() {
        DeliveryTransport.Result result = new MailTransport(properties(port, true, "smtp-pass-123"), catalog)
                .send(delivery("cfo@example.com"), notice());
        assertThat(result.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aWrongPasswordOrNoServerIsRetryableAndABadAddressIsNot() throws IOException {
        DeliveryTransport.Result wrong = new MailTransport(properties(port, false, "wrong-password"), catalog)
                .send(delivery("cfo@example.com"), notice());
        assertThat(wrong.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(wrong.detail()).contains("authentication failed");
        DeliveryTransport.Result down = new MailTransport(properties(freePort(), false, "smtp-pass-123"), catalog)
                .send(delivery("cfo@example.com"), notice());
        assertThat(down.outcome()).isEqualTo(Outcome.RETRYABLE);
        assertThat(down.detail()).contains("connection failed");
        DeliveryTransport.Result bad = new MailTransport(properties(port, false, "smtp-pass-123"), catalog)
                .send(delivery("not an address"), notice());
        assertThat(bad.outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
