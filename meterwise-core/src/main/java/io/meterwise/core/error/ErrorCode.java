package io.meterwise.core.error;

/**
 * Why a use case refused a request, independent of any protocol. Each code has the stable wire name clients see
 * (ARM error codes); only the HTTP layer decides the status it is answered with (an exhaustive switch there makes a
 * new code fail to compile until it is mapped).
 */
public enum ErrorCode {

    /** The subscription named in the request does not exist. */
    SUBSCRIPTION_NOT_FOUND("SubscriptionNotFound"),
    /** A billing period that has not ended yet was asked to be invoiced. */
    BILLING_PERIOD_NOT_ENDED("BillingPeriodNotEnded"),
    /** A billing period before the subscription's first one (its creation month) was asked to be invoiced. */
    BILLING_PERIOD_BEFORE_SUBSCRIPTION("BillingPeriodBeforeSubscription"),
    /** A subscription's offer, currency or country was to change inside a billing period already invoiced. */
    SUBSCRIPTION_CHANGE_IN_INVOICED_PERIOD("SubscriptionChangeInInvoicedPeriod"),
    /** The request is malformed or violates a rule of the operation. */
    INVALID_REQUEST("InvalidRequest"),
    /** The request conflicts with what is stored. */
    CONFLICT("Conflict"),
    /** A write named an eTag that is no longer the stored one (optimistic concurrency). */
    PRECONDITION_FAILED("PreconditionFailed"),
    /** A continuation token that names no position of its query. */
    INVALID_CONTINUATION_TOKEN("InvalidContinuationToken");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    /** The code as clients see it, e.g. {@code SubscriptionNotFound}. */
    public String wireName() {
        return wireName;
    }
}
