package io.meterwise.core.notify;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.money.Rounding;

/**
 * The e-mail of a fired alert: a subject, a plain-text part and an HTML part with the same figures. Amounts and
 * dates are formatted for the notification's {@code locale} (money rounded once to the currency's minor unit by
 * {@link Rounding}); dates are the budget period's UTC dates, the firing time is shown in UTC and says so. The words
 * are English.
 */
public final class AlertEmail {

    private AlertEmail() {
    }

    /** A rendered message. */
    public record Message(String subject, String text, String html) {
    }

    public static Message render(AlertNotice n, @Nullable String subscriptionName) {
        Locale locale = locale(n.locale());
        String limit = amount(n.limit(), n, locale);
        String observed = amount(n.observed(), n, locale);
        NumberFormat percentFormat = NumberFormat.getNumberInstance(locale);
        percentFormat.setMaximumFractionDigits(Math.max(0, n.thresholdPercent().stripTrailingZeros().scale()));
        String threshold = percentFormat.format(n.thresholdPercent()) + " %";
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        String period = date.format(n.periodStart()) + " – " + date.format(n.periodEnd()) + " (UTC)";
        String fired = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
                .format(n.firedAt().atOffset(ZoneOffset.UTC).toLocalDateTime()) + " UTC";
        boolean forecast = n.thresholdType().equalsIgnoreCase("Forecasted");
        String what = n.kind() == AlertNotice.Kind.COST ? "Budget" : "Usage alert";
        String measured = n.kind() == AlertNotice.Kind.COST
                ? (forecast ? "Forecast spend" : "Spend so far")
                : (forecast ? "Forecast usage" : "Usage so far");
        String subject = what + " '" + n.ruleName() + "': " + (forecast ? "forecast to reach " : "reached ")
                + threshold + " of " + limit;
        String subscription = subscriptionName == null ? "" : subscriptionName;

        String[][] rows = {
            {what, n.ruleName()},
            {"Scope", n.scope() + (subscription.isEmpty() ? "" : " (" + subscription + ")")},
            {"Threshold", threshold + " (" + n.thresholdType() + ", " + n.operator() + ")"},
            {n.kind() == AlertNotice.Kind.COST ? "Budget" : "Limit", limit},
            {measured, observed},
            {"Period", period},
            {"Fired at", fired},
            {"Alert id", n.id()},
        };
        StringBuilder text = new StringBuilder(subject).append("\n\n");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"")
                .append(escape(locale.toLanguageTag())).append("\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject)).append("</title></head><body><h1 style=\"font-size:1.2em\">")
                .append(escape(subject)).append("</h1><table>");
        for (String[] row : rows) {
            text.append(row[0]).append(": ").append(row[1]).append('\n');
            html.append("<tr><th style=\"text-align:left;padding-right:1em\">").append(escape(row[0]))
                    .append("</th><td>").append(escape(row[1])).append("</td></tr>");
        }
        String footer = "Sent by Meterwise once per threshold and budget period.";
        text.append('\n').append(footer).append('\n');
        html.append("</table><p>").append(escape(footer)).append("</p></body></html>");
        return new Message(subject, text.toString(), html.toString());
    }

    static Locale locale(String tag) {
        Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
        return locale.getLanguage().isEmpty() ? Locale.US : locale;
    }

    /** Money in the currency's format (rounded once to its minor unit); a quantity with its digits and its unit. */
    static String amount(BigDecimal value, AlertNotice n, Locale locale) {
        if (n.kind() == AlertNotice.Kind.COST) {
            try {
                Currency currency = Currency.getInstance(n.unit());
                NumberFormat format = NumberFormat.getCurrencyInstance(locale);
                format.setCurrency(currency);
                int digits = Rounding.minorDigits(currency);
                format.setMinimumFractionDigits(digits);
                format.setMaximumFractionDigits(digits);
                return format.format(Rounding.toMinorUnit(value, currency));
            } catch (IllegalArgumentException e) {
                // not an ISO currency: shown as a number with its unit below
            }
        }
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(Math.max(0, value.stripTrailingZeros().scale()));
        return format.format(value) + " " + n.unit();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
