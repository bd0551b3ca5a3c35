package io.meterwise.server.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.catalog.Subscription;
import io.meterwise.core.notify.AlertEmail;
import io.meterwise.core.notify.AlertNotice;
import io.meterwise.core.notify.Delivery;
import io.meterwise.core.notify.DeliveryAttempt.Outcome;
import io.meterwise.core.notify.DeliveryTransport;
import io.meterwise.core.notify.RetryPolicy;
import io.meterwise.core.notify.WebhookSignature;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Delivers a notice by e-mail to one address over SMTP: a multipart/alternative message with a plain-text and an
 * HTML part ({@link AlertEmail}), its Message-ID derived from the delivery id so a repeat is recognisable. The SMTP
 * reply code is logged: 2xx delivered, 4xx or no answer retried, 5xx failed.
 */
final class MailTransport implements DeliveryTransport {

    private final MailProperties properties;
    private final Catalog catalog;
    private final Session session;

    MailTransport(MailProperties properties, Catalog catalog) {
        this.properties = properties;
        this.catalog = catalog;
        Properties p = new Properties();
        String protocol = properties.ssl() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        p.put("mail.transport.protocol", protocol);
        p.put(prefix + "host", properties.host());
        p.put(prefix + "port", String.valueOf(properties.port()));
        p.put(prefix + "auth", String.valueOf(properties.username() != null && !properties.username().isEmpty()));
        p.put(prefix + "starttls.enable", String.valueOf(properties.startTls()));
        p.put(prefix + "starttls.required", String.valueOf(properties.startTls() && properties.startTlsRequired()));
        p.put(prefix + "ssl.checkserveridentity", "true");
        String millis = String.valueOf(properties.timeout().toMillis());
        p.put(prefix + "connectiontimeout", millis);
        p.put(prefix + "timeout", millis);
        p.put(prefix + "writetimeout", millis);
        this.session = Session.getInstance(p);
    }

    @Override
    public Result send(Delivery delivery, AlertNotice notice) {
        AlertEmail.Message rendered = AlertEmail.render(notice, subscriptionName(notice));
        MimeMessage message;
        try {
            message = message(delivery, rendered);
        } catch (AddressException e) {
            return new Result(Outcome.PERMANENT, null, "not a valid address");
        } catch (MessagingException e) {
            return new Result(Outcome.PERMANENT, null, "could not build the message: " + e.getClass().getSimpleName());
        }
        try (SMTPTransport transport = (SMTPTransport) session.getTransport()) {
            transport.connect(properties.host(), properties.port(), emptyToNull(properties.username()),
                    emptyToNull(properties.password()));
            transport.sendMessage(message, message.getAllRecipients());
            int code = transport.getLastReturnCode();
            return new Result(RetryPolicy.classifySmtp(code), code, "SMTP " + code);
        } catch (SMTPAddressFailedException e) {
            return smtpFailure(e.getReturnCode(), "recipient refused");
        } catch (SMTPSendFailedException e) {
            return smtpFailure(e.getReturnCode(), "message refused");
        } catch (AuthenticationFailedException e) {
            return new Result(Outcome.RETRYABLE, null, "SMTP authentication failed (check meterwise.notify.mail.*)");
        } catch (MessagingException e) {
            Throwable cause = e.getNextException() != null ? e.getNextException() : e.getCause();
            return new Result(Outcome.RETRYABLE, null, (cause instanceof IOException ? "connection failed: "
                    : "failed: ") + (cause == null ? e.getClass().getSimpleName() : cause.getClass().getSimpleName()));
        }
    }

    private static Result smtpFailure(int code, String what) {
        Integer status = code > 0 ? code : null;
        return new Result(RetryPolicy.classifySmtp(status), status, "SMTP " + code + ": " + what);
    }

    private MimeMessage message(Delivery delivery, AlertEmail.Message rendered) throws MessagingException {
        String messageId = "<" + delivery.id() + "@meterwise>";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(properties.from(), true));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(delivery.target(), true));
        message.setSubject(rendered.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader(WebhookSignature.DELIVERY_HEADER, delivery.id());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(rendered.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(rendered.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static @Nullable String emptyToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private @Nullable String subscriptionName(AlertNotice notice) {
        return subscriptionName(catalog, notice);
    }

    static @Nullable String subscriptionName(Catalog catalog, AlertNotice notice) {
        String[] s = notice.scope().split("/");
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i].equalsIgnoreCase("subscriptions")) {
                try {
                    return catalog.subscription(UUID.fromString(s[i + 1])).map(Subscription::displayName).orElse(null);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
