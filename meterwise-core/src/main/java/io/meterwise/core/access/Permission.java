package io.meterwise.core.access;

/** What an action needs. Roles grant permissions on a subscription; the operator holds every permission everywhere. */
public enum Permission {
    /** Any authenticated caller; results are filtered to what the caller may see (for example the subscription list). */
    SIGNED_IN,
    /** Read a subscription's usage, rate card, invoices, billing periods, role assignments and role definitions. */
    READ,
    /** Change a subscription's billing settings, such as the invoice opt-in. */
    WRITE_BILLING,
    /** Manage cost management settings of a subscription: chargeback rules, cost exports, budgets, alert rules. */
    MANAGE_COST,
    /** Create and delete role assignments on a subscription. */
    MANAGE_ACCESS,
    /** Change the catalog, subscriptions, principals and ingest usage: the operator only. */
    OPERATE
}
