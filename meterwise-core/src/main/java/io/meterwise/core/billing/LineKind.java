package io.meterwise.core.billing;

/** What an invoice line charges for. Terms lower (credit, discount) or raise (recurring charge) the total. */
public enum LineKind {
    USAGE("Usage"),
    COMMITMENT_DISCOUNT("Monetary commitment discount"),
    MONETARY_CREDIT("Monetary credit applied"),
    RECURRING_CHARGE("Recurring charge");

    private final String label;

    LineKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
