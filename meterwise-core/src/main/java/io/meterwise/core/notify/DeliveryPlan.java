package io.meterwise.core.notify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Who a notice goes to: one delivery per distinct webhook endpoint named in {@code contactGroups} and per distinct
 * address in {@code contactEmails}. Delivery ids are derived from the notice id, the channel and the target, so a
 * notice enqueued twice plans the same deliveries, and a receiver sees the same id on every attempt.
 */
public final class DeliveryPlan {

    private DeliveryPlan() {
    }

    /** A delivery to be stored. */
    public record Planned(String id, Channel channel, String target) {
    }

    public static List<Planned> of(AlertNotice notice) {
        List<Planned> planned = new ArrayList<>();
        Set<String> endpoints = new LinkedHashSet<>();
        for (String group : notice.contactGroups()) {
            String name = WebhookEndpoint.nameOfContactGroup(group);
            if (!name.isEmpty()) {
                endpoints.add(name);
            }
        }
        for (String name : endpoints) {
            planned.add(new Planned(deliveryId(notice.id(), Channel.WEBHOOK, name), Channel.WEBHOOK, name));
        }
        Set<String> addresses = new LinkedHashSet<>();
        for (String email : notice.contactEmails()) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            if (!address.isEmpty()) {
                addresses.add(address);
            }
        }
        for (String address : addresses) {
            planned.add(new Planned(deliveryId(notice.id(), Channel.EMAIL, address), Channel.EMAIL, address));
        }
        return planned;
    }

    /** A name-based (version 3) UUID of notice id, channel and target: stable across restarts and re-enqueues. */
    public static String deliveryId(String noticeId, Channel channel, String target) {
        return UUID.nameUUIDFromBytes((noticeId + "\n" + channel + "\n" + target).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
