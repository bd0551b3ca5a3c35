package io.meterwise.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meterwise.core.notify.DeliveryAttempt.Outcome;

class AlertEmailTest {

    @Test
    void germanLocaleFormatsEuroAmountsRoundedOnceAndUtcDates() {
        AlertEmail.Message m = spaced(AlertEmail.render(Notices.notice("alert-9", List.of("a@example.com"),
                List.of()), "Contoso web"));
        // 912.345 EUR rounds half up to 912,35 (never half even to 912,34)
        assertThat(m.subject()).isEqualTo("Budget 'monthly-web': reached 90 % of 1.000,00 €");
        assertThat(m.text()).contains("Spend so far: 912,35 €").contains("Budget: 1.000,00 €")
                .contains("Period: 01.10.2026 – 31.10.2026 (UTC)").contains("Fired at: 20.10.2026, 13:45:00 UTC")
                .contains("Threshold: 90 % (Actual, GreaterThanOrEqualTo)").contains("(Contoso web)")
                .contains("Alert id: alert-9");
        assertThat(m.html()).contains("<td>912,35 €</td>").contains("<td>01.10.2026 – 31.10.2026 (UTC)</td>")
                .startsWith("<!DOCTYPE html><html lang=\"de-DE\">");
    }

    @Test
    void usEnglishForecastOfAUsageRuleAndEscapedHtml() {
        AlertNotice n = Notices.notice("a<b>", List.of(), List.of());
        AlertNotice usage = new AlertNotice(n.id(), n.scope(), "egress <eu> & more", AlertNotice.Kind.USAGE,
                "Forecasted", n.operator(), new BigDecimal("110"), new BigDecimal("500"), new BigDecimal("1234.5"),
                "GB", n.periodStart(), n.periodEnd(), n.firedAt(), List.of(), List.of(), List.of(), "en-us");
        AlertEmail.Message m = spaced(AlertEmail.render(usage, null));
        assertThat(m.subject()).isEqualTo("Usage alert 'egress <eu> & more': forecast to reach 110 % of 500 GB");
        assertThat(m.text()).contains("Forecast usage: 1,234.5 GB").contains("Period: Oct 1, 2026 – Oct 31, 2026 (UTC)")
                .contains("Fired at: Oct 20, 2026, 1:45:00 PM UTC");
        assertThat(m.html()).contains("egress &lt;eu&gt; &amp; more").contains("a&lt;b&gt;").doesNotContain("<eu>");
    }

    /** Locale data puts no-break spaces in amounts and times (which kind depends on the JDK): compared as spaces. */
    private static AlertEmail.Message spaced(AlertEmail.Message m) {
        return new AlertEmail.Message(plain(m.subject()), plain(m.text()), plain(m.html()));
    }

    private static String plain(String s) {
        return s.replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    @Test
    void smtpReplyCodes() {
        assertThat(RetryPolicy.classifySmtp(250)).isEqualTo(Outcome.DELIVERED);
        assertThat(RetryPolicy.classifySmtp(421)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classifySmtp(451)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classifySmtp(null)).isEqualTo(Outcome.RETRYABLE);
        assertThat(RetryPolicy.classifySmtp(550)).isEqualTo(Outcome.PERMANENT);
        assertThat(RetryPolicy.classifySmtp(553)).isEqualTo(Outcome.PERMANENT);
    }
}
