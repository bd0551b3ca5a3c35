package io.meterwise.server.notify;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.meterwise.core.catalog.Catalog;
import io.meterwise.core.notify.Channel;
import io.meterwise.core.notify.DeliveryQueue;
import io.meterwise.core.notify.DeliveryTransport;
import io.meterwise.core.notify.NotificationDispatcher;
import io.meterwise.core.notify.RetryPolicy;
import io.meterwise.core.notify.WebhookEndpoints;

/** Delivery of alert notices: the dispatcher over the outbox, with a transport per channel. */
@Configuration(proxyBeanMethods = false)
class NotifyConfiguration {

    @Bean
    WebhookTransport webhookTransport(WebhookEndpoints endpoints, Catalog catalog, NotifyProperties properties) {
        return new WebhookTransport(endpoints, catalog, properties);
    }

    @Bean
    NotificationDispatcher notificationDispatcher(DeliveryQueue queue, WebhookTransport webhooks, Catalog catalog,
            NotifyProperties properties, MailProperties mail, Clock clock) {
        Map<Channel, DeliveryTransport> transports = new EnumMap<>(Channel.class);
        transports.put(Channel.WEBHOOK, webhooks);
        if (mail.configured()) {
            transports.put(Channel.EMAIL, new MailTransport(mail, catalog));
        }
        return new NotificationDispatcher(queue, transports, new RetryPolicy(properties.maxAttempts(),
                properties.initialDelay(), properties.backoffMultiplier(), properties.maxDelay()), properties.lease(),
                clock);
    }

    @Bean
    @ConditionalOnProperty(name = "meterwise.notify.dispatcher-enabled", havingValue = "true", matchIfMissing = true)
    NotificationDispatch notificationDispatch(NotificationDispatcher dispatcher, NotifyProperties properties) {
        return new NotificationDispatch(dispatcher, properties);
    }
}
