package io.meterwise.core.billing;

import java.util.UUID;

/** Per-subscription invoice settings: whether the Owner opted in to invoice download through the API. */
public interface InvoiceSettings {

    boolean downloadOptIn(UUID subscriptionId);

    void setDownloadOptIn(UUID subscriptionId, boolean optIn);
}
