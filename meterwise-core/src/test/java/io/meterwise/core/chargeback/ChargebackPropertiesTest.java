package io.meterwise.core.chargeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterwise.core.money.Money;
import io.meterwise.core.time.BillingPeriod;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ChargebackPropertiesTest {

    static final UUID SUBSCRIPTION = UUID.fromString("5b0e1f7a-0000-4000-8000-00000000c001");
    static final List<String> CENTRES = List.of("finance", "sales", "it", "untagged");
    static final List<String> GROUPS = List.of("rg-web", "rg-network", "rg-data");
    static final List<String> CATEGORIES = List.of("Virtual Machines", "Storage", "Networking", "Offer terms");

    record Scenario(PeriodCost cost, RuleVersion version) {
    }

    @Property(tries = 400)
    void costCentreTotalsAddUpExactlyToTheSubscriptionsCost(@ForAll("scenarios") Scenario s) {
        ChargebackReport report = Chargeback.allocate(s.cost(), s.version(), "contoso");

        Money sum = Money.zero(s.cost().currency());
        for (ChargebackReport.CostCentreRow row : report.rows()) {
            sum = sum.plus(row.total());
        }
        assertThat(sum).isEqualTo(s.cost().total());
        assertThat(report.rows()).extracting(ChargebackReport.CostCentreRow::costCentre)
                .containsExactlyElementsOf(s.version().rules().costCentres());
    }

    /** Independent computation: the direct cost of a cost centre, from the tags, before rounding. */
    @Property(tries = 300)
    void eachDirectAmountIsWithinOneMinorUnitOfTheExactTaggedCost(@ForAll("scenarios") Scenario s) {
        ChargebackRules rules = s.version().rules();
        Map<String, BigDecimal> exact = new LinkedHashMap<>();
        CENTRES.forEach(c -> exact.put(c, BigDecimal.ZERO));
        for (CostLine line : s.cost().lines()) {
            boolean shared = rules.sharedCosts().stream().anyMatch(r -> r.matches(line, SUBSCRIPTION));
            if (shared) {
                continue;
            }
            String value = line.tags().get("costCenter");
            String centre = value == null ? "untagged"
                    : value.equalsIgnoreCase("fin") ? "finance"
                            : CENTRES.contains(value.toLowerCase()) ? value.toLowerCase() : "untagged";
            exact.merge(centre, line.cost(), BigDecimal::add);
        }
        ChargebackReport report = Chargeback.allocate(s.cost(), s.version(), "contoso");
        for (ChargebackReport.CostCentreRow row : report.rows()) {
            BigDecimal difference = row.direct().amount().subtract(exact.get(row.costCentre())).abs();
            assertThat(difference).isLessThan(unit(s));
        }
    }

    @Property(tries = 300)
    void theChargesBehindEachPartAddUpToItWithinOneMinorUnit(@ForAll("scenarios") Scenario s) {
        ChargebackReport report = Chargeback.allocate(s.cost(), s.version(), "contoso");
        for (ChargebackReport.CostCentreRow row : report.rows()) {
            BigDecimal direct = Chargeback.behind(s.cost(), s.version().rules(), row.costCentre(), "direct")
                    .orElseThrow().stream().map(Chargeback.Contribution::allocated)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(row.direct().amount().subtract(direct).abs()).isLessThan(unit(s));
            for (ChargebackReport.SharedPart part : row.shared()) {
                BigDecimal shared = Chargeback.behind(s.cost(), s.version().rules(), row.costCentre(),
                        part.ruleName()).orElseThrow().stream().map(Chargeback.Contribution::allocated)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(part.amount().amount().subtract(shared).abs())
                        .isLessThan(unit(s).add(new BigDecimal("1e-20")));
            }
        }
    }

    private static BigDecimal unit(Scenario s) {
        return BigDecimal.ONE.movePointLeft(s.cost().currency().getDefaultFractionDigits());
    }

    @Property(tries = 300)
    void fixedPercentagesThatDoNotAddUpTo100AreRejected(@ForAll("percentages") List<BigDecimal> percentages) {
        Map<String, BigDecimal> byCentre = new LinkedHashMap<>();
        for (int i = 0; i < percentages.size(); i++) {
            byCentre.put(CENTRES.get(i), percentages.get(i));
        }
        SharedCostRule rule = new SharedCostRule("shared", SharedScope.RESOURCE_GROUP, "rg-network", SplitMethod.FIXED,
                List.copyOf(byCentre.keySet()), byCentre);
        ChargebackRules rules = new ChargebackRules("costCenter", CENTRES, Map.of(), "untagged", List.of(rule));
        BigDecimal sum = percentages.stream().reduce(BigDecimal.ZERO, BigDecimal::add);

        boolean rejected = rules.problems().stream().anyMatch(p -> p.code().equals("InvalidPercentages"));
        assertThat(rejected).isEqualTo(sum.compareTo(new BigDecimal(100)) != 0);
    }

    @Provide
    Arbitrary<List<BigDecimal>> percentages() {
        Arbitrary<BigDecimal> one = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal(100)).ofScale(2);
        Arbitrary<List<BigDecimal>> free = one.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<BigDecimal>> hundred = one.list().ofMinSize(0).ofMaxSize(3)
                .filter(l -> l.stream().reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(new BigDecimal(100)) <= 0)
                .map(l -> {
                    List<BigDecimal> all = new ArrayList<>(l);
                    all.add(new BigDecimal(100).subtract(l.stream().reduce(BigDecimal.ZERO, BigDecimal::add)));
                    return all;
                });
        return Arbitraries.oneOf(free, hundred);
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<String> currency = Arbitraries.of("USD", "JPY", "EUR");
        return currency.flatMap(code -> Combinators.combine(lines(code).list().ofMinSize(0).ofMaxSize(40),
                sharedRules().list().ofMaxSize(3)).as((lines, shared) -> scenario(code, lines, shared)));
    }

    private static Scenario scenario(String code, List<CostLine> lines, List<SharedCostRule> shared) {
        Currency currency = Currency.getInstance(code);
        List<SharedCostRule> named = new ArrayList<>();
        for (int i = 0; i < shared.size(); i++) {
            SharedCostRule r = shared.get(i);
            named.add(new SharedCostRule("rule-" + i, r.scope(), r.match(), r.split(), r.costCentres(),
                    r.percentages()));
        }
        // the lines' exact costs must add up to a total at the minor unit, as a period's charges do
        BigDecimal sum = lines.stream().map(CostLine::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = sum.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP);
        List<CostLine> all = new ArrayList<>(lines);
        all.add(new CostLine("rounding", "Usage", "", "Storage", Map.of(), total.subtract(sum)));
        PeriodCost cost = new PeriodCost(SUBSCRIPTION, BillingPeriod.of(2026, 10), new Money(total, currency), false,
                all);
        ChargebackRules rules = new ChargebackRules("costCenter", CENTRES, Map.of("fin", "finance"), "untagged",
                named);
        assertThat(rules.problems()).isEmpty();
        return new Scenario(cost, new RuleVersion(SUBSCRIPTION, "v1", YearMonth.of(2026, 1), null, rules));
    }

    private static Arbitrary<CostLine> lines(String currency) {
        Arbitrary<BigDecimal> cost = Arbitraries.bigDecimals().between(new BigDecimal("-50"), new BigDecimal("500"))
                .ofScale(currency.equals("JPY") ? 6 : 8);
        Arbitrary<String> tag = Arbitraries.of("finance", "Finance", "fin", "FIN", "sales", "it", "marketing", "", "-");
        return Combinators.combine(Arbitraries.strings().alpha().ofLength(6), Arbitraries.of(GROUPS),
                Arbitraries.of(CATEGORIES), tag, cost).as((id, group, category, value, amount) -> new CostLine(id,
                        "Usage", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + group
                                + "/providers/Microsoft.Compute/virtualMachines/vm",
                        category, value.equals("-") ? Map.of() : Map.of("costCenter", value), amount));
    }

    private static Arbitrary<SharedCostRule> sharedRules() {
        Arbitrary<SharedScope> scope = Arbitraries.of(SharedScope.class);
        Arbitrary<List<String>> targets = Arbitraries.of(CENTRES).set().ofMinSize(1).ofMaxSize(4)
                .map(ArrayList::new);
        return Combinators.combine(scope, Arbitraries.of(SplitMethod.class), targets, Arbitraries.integers()
                .between(0, 2)).as((sc, split, t, pick) -> {
                    String match = switch (sc) {
                        case RESOURCE_GROUP -> GROUPS.get(pick);
                        case METER_CATEGORY -> CATEGORIES.get(pick + 1);
                        case SUBSCRIPTION -> pick == 0 ? SUBSCRIPTION.toString() : UUID.randomUUID().toString();
                    };
                    Map<String, BigDecimal> percentages = new LinkedHashMap<>();
                    if (split == SplitMethod.FIXED) {
                        BigDecimal left = new BigDecimal(100);
                        for (int i = 0; i < t.size(); i++) {
                            BigDecimal p = i == t.size() - 1 ? left
                                    : new BigDecimal(100).divide(new BigDecimal(t.size()), 3, RoundingMode.DOWN);
                            percentages.put(t.get(i), p);
                            left = left.subtract(p);
                        }
                    }
                    return new SharedCostRule("r", sc, match, split, t, percentages);
                });
    }
}
