package io.meterwise.core.notify;

/** How a notice reaches someone: a webhook endpoint (by name) or an e-mail address. */
public enum Channel { WEBHOOK, EMAIL }
