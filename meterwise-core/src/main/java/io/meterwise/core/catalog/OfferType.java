package io.meterwise.core.catalog;

/** The commercial kind of an offer. Enterprise Agreement rate cards are not published through the RateCard API. */
public enum OfferType {
    PAY_AS_YOU_GO,
    DEV_TEST,
    MSDN,
    MONETARY_COMMITMENT,
    ENTERPRISE_AGREEMENT;

    public boolean publishesRateCard() {
        return this != ENTERPRISE_AGREEMENT;
    }
}
