package io.meterwise.server.http.estimate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterwise.core.estimate.Estimator;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TermApplication;
import io.meterwise.core.rating.TierCharge;

/** Estimates and what-if results on the wire: amounts and quantities as decimal strings, never binary floats. */
final class EstimateWire {

    private EstimateWire() {
    }

    static String money(Money money) {
        return money.amount().toPlainString();
    }

    static String quantity(BigDecimal quantity) {
        BigDecimal stripped = quantity.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static Map<String, Object> scenario(Estimator.Scenario scenario) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("billingPeriod", scenario.period().month().toString().replace("-", "") + "-1");
        out.put("usedAt", scenario.usedAt().toString());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Estimator.LineCost cost : scenario.lines()) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", cost.line().number());
            line.put("meterId", cost.meter().meterId().toString());
            line.put("meterName", cost.meter().name());
            line.put("productName", cost.meter().product().productName());
            line.put("armRegionName", cost.meter().product().armRegionName());
            line.put("unit", cost.meter().unit());
            line.put("quantity", quantity(cost.quantity()));
            line.put("amount", money(cost.amount()));
            line.put("meterChargesBefore", charges(cost.before()));
            line.put("meterChargesAfter", charges(cost.after()));
            lines.add(line);
        }
        out.put("lines", lines);
        out.put("usageCharges", money(scenario.usageCharges()));
        out.put("termsBefore", terms(scenario.without()));
        out.put("termsAfter", terms(scenario.with()));
        out.put("totalBefore", money(scenario.without().total()));
        out.put("totalAfter", money(scenario.with().total()));
        out.put("total", money(scenario.total()));
        return out;
    }

    static List<Map<String, Object>> charges(List<MeterCharge> charges) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MeterCharge charge : charges) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("meterId", charge.meterId().toString());
            c.put("priceEffectiveFrom", charge.priceEffectiveFrom().toString());
            c.put("quantity", quantity(charge.quantity()));
            c.put("includedQuantityUsed", quantity(charge.includedQuantityUsed()));
            List<Map<String, Object>> tiers = new ArrayList<>();
            for (TierCharge tier : charge.tiers()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("threshold", quantity(tier.threshold()));
                t.put("quantity", quantity(tier.quantity()));
                t.put("unitPrice", tier.unitPrice().toPlainString());
                t.put("amount", money(tier.amount()));
                tiers.add(t);
            }
            c.put("tiers", tiers);
            c.put("amount", money(charge.amount()));
            out.add(c);
        }
        return out;
    }

    static List<Map<String, Object>> terms(RatedPeriod rated) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TermApplication term : rated.terms()) {
            Map<String, Object> t = new LinkedHashMap<>();
            if (term instanceof TermApplication.CommitmentDiscount d) {
                t.put("name", "Monetary Commitment");
                t.put("percent", d.percent().toPlainString());
                t.put("eligible", money(d.eligible()));
            } else if (term instanceof TermApplication.CreditApplied c) {
                t.put("name", "Monetary Credit");
                t.put("available", money(c.available()));
                t.put("eligible", money(c.eligible()));
            } else if (term instanceof TermApplication.RecurringFee) {
                t.put("name", "Recurring Charge");
            } else {
                t.put("name", term.getClass().getSimpleName());
            }
            t.put("amount", money(term.amount()));
            out.add(t);
        }
        return out;
    }
}
