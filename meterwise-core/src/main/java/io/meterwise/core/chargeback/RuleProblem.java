package io.meterwise.core.chargeback;

/** Why a rule version cannot be stored: {@code target} is the JSON path of the offending field. */
public record RuleProblem(String code, String target, String message) {
}
