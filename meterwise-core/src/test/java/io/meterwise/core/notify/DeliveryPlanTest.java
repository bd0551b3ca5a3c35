package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class DeliveryPlanTest {

    @Test
    void oneDeliveryPerDistinctEndpointAndAddressWithStableIds() {
        AlertNotice notice = Notices.notice("alert-7", List.of("Ops@Example.com", "ops@example.com ", "cfo@example.com"),
                List.of("/subscriptions/x/resourceGroups/rg/providers/microsoft.insights/actionGroups/OpsHook",
                        "opshook", "pager"));
        List<DeliveryPlan.Planned> plan = DeliveryPlan.of(notice);
        assertThat(plan).extracting(DeliveryPlan.Planned::channel, DeliveryPlan.Planned::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Channel.WEBHOOK, "opshook"),
                org.assertj.core.groups.Tuple.tuple(Channel.WEBHOOK, "pager"),
                org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, "ops@example.com"),
                org.assertj.core.groups.Tuple.tuple(Channel.EMAIL, "cfo@example.com"));
        assertThat(DeliveryPlan.of(notice)).isEqualTo(plan);
        assertThat(plan).extracting(DeliveryPlan.Planned::id).doesNotHaveDuplicates();
        assertThat(DeliveryPlan.of(Notices.notice("alert-8", List.of("cfo@example.com"), List.of())).get(0).id())
                .isNotEqualTo(plan.get(3).id());
    }

    @Test
    void contactGroupNames() {
        assertThat(WebhookEndpoint.nameOfContactGroup("/subscriptions/s/providers/microsoft.insights/actionGroups/A1/"))
                .isEqualTo("a1");
        assertThat(WebhookEndpoint.nameOfContactGroup("Ops")).isEqualTo("ops");
    }
}
