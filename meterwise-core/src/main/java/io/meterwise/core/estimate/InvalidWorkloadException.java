package io.meterwise.core.estimate;

import java.util.List;

/** A request that cannot be estimated at all; {@link #problems()} names each problem. Nothing was computed. */
public final class InvalidWorkloadException extends RuntimeException {

    private final List<String> problems;

    public InvalidWorkloadException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
