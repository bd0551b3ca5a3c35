package io.meterwise.server.demo;

import java.util.List;

import io.meterwise.core.catalog.Subscription;

/**
 * A demo subscription and what runs in it: the workload {@link Profile}, its regions (first is the home region), the
 * application and cost center used for tags, and whether its application servers run Windows.
 */
record DemoSubscription(Subscription subscription, String tenantName, Profile profile, List<String> regions, String app,
        String costCenter, boolean windowsApps) {

    DemoSubscription {
        regions = List.copyOf(regions);
    }

    String homeRegion() {
        return regions.get(0);
    }

    /** Short id used in record ids and names: the first 8 hex digits of the subscription id. */
    String shortId() {
        return subscription.subscriptionId().toString().substring(0, 8);
    }

    enum Profile {
        /** A developer's sandbox: a few VMs in office hours, a small storage account. */
        SANDBOX,
        /** A web shop: a growing web pool with weekday autoscale, app servers, a database VM, batch jobs, blobs. */
        WEB,
        /** Like WEB, bigger, with a second region for disaster recovery and an archive. */
        ENTERPRISE,
        /** Video origin servers sending tens of TB a month to the internet. */
        STREAMING,
        /** Data platform: big storage accounts, ingestion VMs and a fleet of short-lived batch workers. */
        DATA
    }
}
