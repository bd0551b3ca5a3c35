package io.meterwise.core.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.meterwise.core.catalog.Meter;
import io.meterwise.core.money.Money;
import io.meterwise.core.rating.MeterCharge;
import io.meterwise.core.rating.RatedPeriod;
import io.meterwise.core.rating.TermApplication;
import io.meterwise.core.rating.TierCharge;
import io.meterwise.core.time.BillingPeriod;

class InvoiceIssuerTest {

    static final Currency USD = Currency.getInstance("USD");
    static final UUID VM = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID DISK = UUID.fromString("00000000-0000-0000-0000-000000000002");
    static final Instant V1 = Instant.parse("2026-01-01T00:00:00Z");
    static final BillingPeriod SEPT = BillingPeriod.of(2026, 9);
    static final BillingPeriod OCT = BillingPeriod.of(2026, 10);
    static final Map<UUID, Meter> METERS = Map.of(
            VM, new Meter(VM, "D2 v3", "Virtual Machines", "Dv3", "EU West", "1 Hour", List.of()),
            DISK, new Meter(DISK, "P10 Disk", "Storage", "Premium", "EU West", "1/Month", List.of()));
    static final Function<UUID, Optional<Meter>> LOOKUP = id -> Optional.ofNullable(METERS.get(id));

    static Money usd(String amount) {
        return Money.exact(amount, "USD");
    }

    static MeterCharge vm(String included, String tier0, String tier100) {
        BigDecimal q0 = new BigDecimal(tier0);
        BigDecimal q1 = new BigDecimal(tier100);
        TierCharge t0 = new TierCharge(BigDecimal.ZERO, q0, new BigDecimal("0.10"), Money.of(q0.multiply(new BigDecimal("0.10")), USD));
        TierCharge t1 = new TierCharge(new BigDecimal("100"), q1, new BigDecimal("0.05"), Money.of(q1.multiply(new BigDecimal("0.05")), USD));
        List<TierCharge> tiers = q1.signum() == 0 ? List.of(t0) : List.of(t0, t1);
        Money amount = tiers.stream().map(TierCharge::amount).reduce(Money.zero(USD), Money::plus);
        return new MeterCharge(VM, V1, new BigDecimal(included).add(q0).add(q1), new BigDecimal(included), tiers, amount);
    }

    static RatedPeriod rated(BillingPeriod period, List<MeterCharge> charges, List<TermApplication> terms) {
        Money usage = charges.stream().map(MeterCharge::amount).reduce(Money.zero(USD), Money::plus);
        Money total = terms.stream().map(TermApplication::amount).reduce(usage, Money::plus);
        return new RatedPeriod(period, USD, charges, terms, usage, total);
    }

    static InvoiceIssuer.Header header(Instant at, long seq) {
        return new InvoiceIssuer.Header("tenant-1", UUID.fromString("11111111-1111-1111-1111-111111111111"), "Dev",
                "MS-AZR-0003P", at, seq);
    }

    @Test
    void linesAreTiersWithIncludedQuantityOnTheFirstAndTheTotalIsTheirSum() {
        RatedPeriod sept = rated(SEPT, List.of(vm("10", "100", "20.5")),
                List.of(new TermApplication.RecurringFee(usd("5.00"))));

        Invoice invoice = InvoiceIssuer.assemble(header(Instant.parse("2026-10-04T00:10:00Z"), 7), 42, sept,
                List.of(), LOOKUP);

        assertThat(invoice.name()).isEqualTo("2026-10-04-000000042");
        assertThat(invoice.lines()).extracting(InvoiceLine::lineNumber).containsExactly(1, 2, 3);
        InvoiceLine first = invoice.lines().get(0);
        assertThat(first.includedQuantityUsed()).isEqualByComparingTo("10");
        assertThat(first.quantity()).isEqualByComparingTo("110");
        assertThat(first.amount()).isEqualTo(usd("10.00"));
        assertThat(invoice.lines().get(1).amount()).isEqualTo(usd("1.03"));
        assertThat(invoice.lines().get(2).kind()).isEqualTo(LineKind.RECURRING_CHARGE);
        assertThat(invoice.total()).isEqualTo(usd("16.03"));
        assertThat(invoice.periodEndDate()).hasToString("2026-09-30");
    }

    @Test
    void lateUsageBecomesAdjustmentOfTheDifferenceAndIsNeverCountedTwice() {
        TermApplication credit = new TermApplication.CreditApplied(usd("50.00"), usd("10.00"), usd("-10.00"));
        RatedPeriod septFirst = rated(SEPT, List.of(vm("0", "100", "0")), List.of(credit));
        Invoice september = InvoiceIssuer.assemble(header(Instant.parse("2026-10-04T00:00:00Z"), 10), 1, septFirst,
                List.of(), LOOKUP);
        assertThat(september.total()).isEqualTo(usd("0.00"));

        // 200 more hours arrive late: 100 more at tier 0... the re-rated period now charges 10.00 + 5.00 (tier 100)
        RatedPeriod septAgain = rated(SEPT, List.of(vm("0", "100", "100")),
                List.of(new TermApplication.CreditApplied(usd("50.00"), usd("15.00"), usd("-15.00"))));
        RatedPeriod october = rated(OCT, List.of(vm("0", "10", "0")),
                List.of(new TermApplication.CreditApplied(usd("50.00"), usd("1.00"), usd("-1.00"))));
        Invoice oct = InvoiceIssuer.assemble(header(Instant.parse("2026-11-04T00:00:00Z"), 20), 2, october,
                List.of(new InvoiceIssuer.PriorPeriod(septAgain,
                        InvoiceIssuer.invoicedFor(SEPT, List.of(september)))), LOOKUP);

        List<InvoiceLine> adjustments = oct.lines().stream().filter(InvoiceLine::isAdjustment).toList();
        assertThat(adjustments).extracting(InvoiceLine::description).containsExactly(
                "Prior-period adjustment for 2026-09: D2 v3, Dv3 (EU West)",
                "Prior-period adjustment for 2026-09: Monetary credit applied");
        assertThat(adjustments).extracting(InvoiceLine::amount).containsExactly(usd("5.00"), usd("-5.00"));
        assertThat(adjustments.get(0).quantity()).isEqualByComparingTo("100");
        assertThat(oct.billingPeriods()).containsExactly(OCT, SEPT);

        // re-rating again with nothing new adds nothing
        List<InvoiceLine> again = InvoiceIssuer.adjustments(septAgain,
                InvoiceIssuer.invoicedFor(SEPT, List.of(september, oct)), LOOKUP);
        assertThat(again).isEmpty();
    }

    @Test
    void refusesATotalThatIsNotTheSumOfLines() {
        Invoice ok = InvoiceIssuer.assemble(header(Instant.parse("2026-10-04T00:00:00Z"), 1), 1,
                rated(SEPT, List.of(vm("0", "1", "0")), List.of()), List.of(), LOOKUP);
        assertThatThrownBy(() -> new Invoice(ok.name(), ok.tenantId(), ok.number(), ok.subscriptionId(),
                ok.subscriptionName(), ok.offerDurableId(), USD, SEPT, ok.issuedAt(), 1, List.of(), ok.lines(),
                usd("0.11"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** Issue 8: Linux and Windows sizes of one region shared a label; the unit of measure was missing. */
    @Test
    void usageLinesNameTheMeterWithItsSubCategoryAndUnitAsIssued() {
        UUID windows = UUID.fromString("00000000-0000-0000-0000-000000000003");
        Map<UUID, Meter> meters = Map.of(
                VM, new Meter(VM, "D4s v5", "Virtual Machines", "Virtual Machines Dsv5 Series", "francecentral",
                        "1 Hour", List.of()),
                windows, new Meter(windows, "D4s v5", "Virtual Machines", "Virtual Machines Dsv5 Series Windows",
                        "francecentral", "1 Hour", List.of()));
        MeterCharge linux = vm("0", "1", "0");
        MeterCharge win = new MeterCharge(windows, V1, linux.quantity(), linux.includedQuantityUsed(), linux.tiers(),
                linux.amount());

        Invoice invoice = InvoiceIssuer.assemble(header(Instant.parse("2026-10-04T00:10:00Z"), 7), 1,
                rated(SEPT, List.of(linux, win), List.of()), List.of(), id -> Optional.ofNullable(meters.get(id)));

        assertThat(invoice.lines()).extracting(InvoiceLine::description).containsExactly(
                "D4s v5, Virtual Machines Dsv5 Series (francecentral)",
                "D4s v5, Virtual Machines Dsv5 Series Windows (francecentral)");
        assertThat(invoice.lines()).extracting(InvoiceLine::unit).containsExactly("1 Hour", "1 Hour");
    }

    /** Issue 8: the commitment line read "8 % of 62,559.51" where the discount is graduated. */
    @Test
    void theCommitmentLineListsItsGraduatedSlicesWithThousandsSeparators() {
        TermApplication discount = new TermApplication.CommitmentDiscount(new BigDecimal("8"), usd("62559.51"),
                List.of(new TermApplication.Slice(BigDecimal.ZERO, new BigDecimal("1000"), BigDecimal.ZERO),
                        new TermApplication.Slice(new BigDecimal("1000"), new BigDecimal("4000"), new BigDecimal("5")),
                        new TermApplication.Slice(new BigDecimal("5000"), new BigDecimal("57559.51"),
                                new BigDecimal("8"))),
                usd("-4804.76"));

        Invoice invoice = InvoiceIssuer.assemble(header(Instant.parse("2026-10-04T00:10:00Z"), 7), 1,
                rated(SEPT, List.of(), List.of(discount)), List.of(), LOOKUP);

        assertThat(invoice.lines().get(0).description()).isEqualTo("Monetary commitment discount on 62,559.51 USD "
                + "eligible usage: 0% of 1,000.00 USD above 0.00 USD; 5% of 4,000.00 USD above 1,000.00 USD; "
                + "8% of 57,559.51 USD above 5,000.00 USD");
        assertThat(invoice.lines().get(0).unit()).isEmpty();
    }
}
