package io.meterwise.core.chargeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;

class ChargebackTest {

    static final UUID SUB = UUID.fromString("5b0e1f7a-0000-4000-8000-00000000c002");
    static final Currency USD = Currency.getInstance("USD");

    static CostLine line(String id, String group, String category, String centre, String cost) {
        return new CostLine(id, "Usage", "/subscriptions/" + SUB + "/resourceGroups/" + group
                + "/providers/Microsoft.Compute/virtualMachines/" + id, category,
                centre == null ? Map.of() : Map.of("CostCenter", centre), new BigDecimal(cost));
    }

    static PeriodCost cost(String total, CostLine... lines) {
        return new PeriodCost(SUB, BillingPeriod.of(2026, 10), Money.exact(total, "USD"), false, List.of(lines));
    }

    static RuleVersion version(SharedCostRule... shared) {
        return new RuleVersion(SUB, "2026", YearMonth.of(2026, 1), null, new ChargebackRules("costCenter",
                List.of("finance", "sales", "untagged"), Map.of("fin", "finance"), "untagged", List.of(shared)));
    }

    static Money usd(String amount) {
        return Money.exact(amount, "USD");
    }

    @Test
    void tagsAliasesAndTheUntaggedBucket() {
        PeriodCost cost = cost("100.00", line("a", "rg-web", "VM", "Finance", "40.00"),
                line("b", "rg-web", "VM", "fin", "10.00"), line("c", "rg-web", "VM", "sales", "30.00"),
                line("d", "rg-web", "VM", null, "15.00"), line("e", "rg-web", "VM", "marketing", "5.00"));

        ChargebackReport report = Chargeback.allocate(cost, version(), "contoso");

        assertThat(report.rows()).extracting(r -> r.costCentre() + "=" + r.direct().amount())
                .containsExactly("finance=50.00", "sales=30.00", "untagged=20.00");
        assertThat(report.rows().get(0).directRule()).isEqualTo("tag costCenter = finance (aliases fin)");
        assertThat(Chargeback.behind(cost, version().rules(), "untagged", "direct").orElseThrow())
                .extracting(c -> c.line().id()).containsExactly("d", "e");
    }

    @Test
    void aSharedResourceGroupSplitInProportionToDirectCostWithLargestRemainders() {
        // network 10.00 shared by finance (direct 20) and sales (direct 10): 6.666.. and 3.333..
        PeriodCost cost = cost("40.00", line("a", "rg-web", "VM", "finance", "20.00"),
                line("b", "rg-web", "VM", "sales", "10.00"), line("n", "RG-Network", "Networking", "it", "10.00"));
        SharedCostRule network = new SharedCostRule("network", SharedScope.RESOURCE_GROUP, "rg-network",
                SplitMethod.PROPORTIONAL, List.of("finance", "sales"), Map.of());

        ChargebackReport report = Chargeback.allocate(cost, version(network), "contoso");

        assertThat(report.rows()).extracting(r -> r.costCentre() + "=" + r.direct().amount() + "+"
                + r.sharedReceived().amount() + "=" + r.total().amount())
                .containsExactly("finance=20.00+6.67=26.67", "sales=10.00+3.33=13.33", "untagged=0.00+0.00=0.00");
        assertThat(report.rows().get(0).shared().get(0).rule())
                .isEqualTo("network: ResourceGroup rg-network, Proportional");
    }

    @Test
    void anEvenSplitOfOneCentOverThreeGivesItToTheFirst() {
        PeriodCost cost = cost("0.01", line("n", "rg-network", "Networking", null, "0.01"));
        SharedCostRule network = new SharedCostRule("network", SharedScope.RESOURCE_GROUP, "rg-network",
                SplitMethod.EVEN, List.of("finance", "sales", "untagged"), Map.of());

        ChargebackReport report = Chargeback.allocate(cost, version(network), "contoso");

        assertThat(report.rows()).extracting(r -> r.total().amount().toPlainString())
                .containsExactly("0.01", "0.00", "0.00");
    }

    @Test
    void fixedPercentagesAndAMeterCategoryRule() {
        PeriodCost cost = cost("-30.00", line("t", "", "Offer terms", null, "-100.00"),
                line("a", "rg-web", "VM", "sales", "70.00"));
        Map<String, BigDecimal> split = new LinkedHashMap<>();
        split.put("finance", new BigDecimal("25"));
        split.put("sales", new BigDecimal("75"));
        SharedCostRule terms = new SharedCostRule("credit", SharedScope.METER_CATEGORY, "offer terms",
                SplitMethod.FIXED, List.of("finance", "sales"), split);

        ChargebackReport report = Chargeback.allocate(cost, version(terms), "contoso");

        assertThat(report.rows()).extracting(r -> r.total().amount().toPlainString())
                .containsExactly("-25.00", "-5.00", "0.00");
    }

    @Test
    void invalidRulesAreExplained() {
        ChargebackRules rules = new ChargebackRules("costCenter", List.of("finance"), Map.of("fin", "accounting"),
                "untagged", List.of(new SharedCostRule("x", SharedScope.RESOURCE_GROUP, "rg", SplitMethod.FIXED,
                        List.of("finance", "hr"), Map.of("finance", new BigDecimal("90")))));

        assertThat(rules.problems()).extracting(RuleProblem::code).containsExactlyInAnyOrder("UnknownCostCentre",
                "UnknownCostCentre", "UnknownCostCentre", "InvalidPercentages", "InvalidPercentages");
    }

    @Test
    void overlappingVersionsAreRejectedAndTheVersionInForceIsFound() {
        ChargebackRules rules = version().rules();
        RuleVersion y2026 = new RuleVersion(SUB, "2026", YearMonth.of(2026, 1), YearMonth.of(2026, 12), rules);
        RuleVersion from2027 = new RuleVersion(SUB, "2027", YearMonth.of(2027, 1), null, rules);
        RuleVersion overlapping = new RuleVersion(SUB, "late", YearMonth.of(2026, 12), null, rules);

        assertThat(RuleVersions.problems(List.of(y2026), from2027)).isEmpty();
        assertThat(RuleVersions.problems(List.of(y2026, from2027), overlapping)).extracting(RuleProblem::code)
                .containsExactly("OverlappingEffectivePeriod", "OverlappingEffectivePeriod");
        assertThat(RuleVersions.inForce(List.of(y2026, from2027), BillingPeriod.of(2027, 3))).contains(from2027);
        assertThat(RuleVersions.inForce(List.of(from2027), BillingPeriod.of(2026, 3))).isEmpty();
    }
}
