package io.meterwise.server.demo;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

class DemoSizeProbe {
    public static void main(String[] args) {
        Instant now = Instant.parse("2026-11-18T10:37:00Z");
        DemoProperties p = DemoProperties.of(20261129, 3, args.length > 0 ? Double.parseDouble(args[0]) : 1.0);
        DemoCatalog c = DemoCatalog.build(p.seed(), now, p.months());
        long t = System.nanoTime();
        DemoUsageGenerator g = new DemoUsageGenerator(c, p, now);
        AtomicLong n = new AtomicLong();
        java.util.Map<String, Long> bySub = new java.util.TreeMap<>();
        g.records().forEach(r -> { n.incrementAndGet(); bySub.merge(c.subscriptions().stream().filter(s -> s.subscription().subscriptionId().equals(r.subscriptionId())).findFirst().get().subscription().displayName(), 1L, Long::sum); });
        System.out.println("meters=" + c.meters().size() + " resources=" + g.fleet().size() + " records=" + n + " ms=" + (System.nanoTime() - t) / 1_000_000);
        bySub.forEach((k, v) -> System.out.println(k + " " + v));
    }
}
