package io.meterwise.core.cost;

/** A cost query that cannot be answered as asked; {@link #field()} names the offending part of the request. */
public class InvalidCostQuery extends RuntimeException {

    private final String field;

    public InvalidCostQuery(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
