package io.meterwise.server.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.meterwise.core.catalog.Meter;
import io.meterwise.server.demo.DemoResource.Schedule;
import io.meterwise.server.demo.DemoResource.Series;
import io.meterwise.server.demo.DemoResource.Usage;

/**
 * Builds the resources of every demo subscription that exist at some time in {@code [from, to)}. Creation and deletion
 * times are anchored to fixed dates, not to the window, so a resource has the same life whenever the demo is loaded:
 * fixed resources exist since 2025, growing pools add an instance every few weeks from 2026-01-01, and batch or feature
 * slots create and delete short-lived VMs in a fixed rhythm since 2024-01-01.
 */
final class DemoFleet {

    static final Instant FIXED_SINCE = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant GROWTH_SINCE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant CHURN_SINCE = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

    private final DemoCatalog catalog;
    private final long seed;
    private final double scale;
    private final Instant from;
    private final Instant to;

    private DemoFleet(DemoCatalog catalog, long seed, double scale, Instant from, Instant to) {
        this.catalog = catalog;
        this.seed = seed;
        this.scale = scale;
        this.from = from;
        this.to = to;
    }

    static List<DemoResource> build(DemoCatalog catalog, long seed, double scale, Instant from, Instant to) {
        DemoFleet fleet = new DemoFleet(catalog, seed, scale, from, to);
        List<DemoResource> resources = new ArrayList<>();
        for (DemoSubscription sub : catalog.subscriptions()) {
            fleet.new Builder(sub, resources).build();
        }
        return List.copyOf(resources);
    }

    /** Adds the resources of one subscription. */
    private final class Builder {
        private final DemoSubscription sub;
        private final List<DemoResource> out;
        private final String app;
        private final String home;
        private final Optional<String> second;

        Builder(DemoSubscription sub, List<DemoResource> out) {
            this.sub = sub;
            this.out = out;
            this.app = sub.app();
            this.home = sub.homeRegion();
            this.second = sub.regions().size() > 1 ? Optional.of(sub.regions().get(1)) : Optional.empty();
        }

        void build() {
            switch (sub.profile()) {
                case SANDBOX -> sandbox();
                case WEB -> web(3, "D2s v5", "D4s v5", "E4s v5", 0.6);
                case ENTERPRISE -> enterprise();
                case STREAMING -> streaming();
                case DATA -> data();
            }
        }

        private void sandbox() {
            String rg = "rg-" + app + "-dev";
            fixedVm(rg, "vm-" + app + "-dev-01", home, "B2s", sub.windowsApps(), Schedule.OFFICE_HOURS, "E10", 0, "dev");
            fixedVm(rg, "vm-" + app + "-dev-02", home, "B2ms", true, Schedule.OFFICE_HOURS, "E10", 0, "dev");
            churningVms(rg, "feat", 1, home, "D2s v5", false, Schedule.WEEKDAYS, "S10", 10, 20, "test");
            if (sub.costCenter().equals("CC-1090") || sub.costCenter().equals("NW-390")) {
                // two Visual Studio sandboxes run a build agent, so their usage outgrows the monthly credit
                fixedVm(rg, "vm-" + app + "-build-01", home, "D4s v5", false, Schedule.WEEKDAYS, "E10", 0, "dev");
            }
            storage(rg, "dev", home, "Hot", 40, 1_500, 6_000, 800, 0.02, "dev");
        }

        private void web(int webBase, String webSize, String appSize, String dbSize, double egressPerVm) {
            String rg = "rg-" + app + "-prod";
            growingPool(rg, "web", home, webBase, 6, webSize, false, "P10", egressPerVm);
            for (int i = 1; i <= 2; i++) {
                DemoResource vm = vm(rg, name("vm-%s-web-x%d", app, i), home, webSize, false, Schedule.PEAK_HOURS,
                        fixedCreated("web-x" + i), NEVER, egressPerVm, "prod");
                add(vm, vm.name());
            }
            for (int i = 1; i <= 2; i++) {
                fixedVm(rg, name("vm-%s-app-%02d", app, i), home, appSize, sub.windowsApps(), Schedule.ALWAYS, "P15", 0,
                        "prod");
            }
            fixedVm(rg, "vm-" + app + "-db-01", home, dbSize, false, Schedule.ALWAYS, "P30", 0, "prod");
            churningVms("rg-" + app + "-batch", "job", 2, home, "F4s v2", false, Schedule.WEEKDAYS, "S10", 7, 10, "prod");
            storage(rg, "hot", home, "Hot", 800, 40_000, 250_000, 20_000, 0.3, "prod");
            storage("rg-" + app + "-backup", "bak", home, "Cool", 3_000, 5_000, 500, 0, 0, "prod");
        }

        private void enterprise() {
            web(4, "D4s v5", "D8s v5", "E8s v5", 0.9);
            String rg = "rg-" + app + "-prod";
            fixedVm(rg, "vm-" + app + "-report-01", home, "D16s v5", sub.windowsApps(), Schedule.OFFICE_HOURS, "P20", 0,
                    "prod");
            storage(rg, "grs", home, "HotGrs", 2_500, 30_000, 0, 0, 0, "prod");
            String drRegion = second.orElse(home);
            DemoResource replica = vm("rg-" + app + "-dr", "vm-" + app + "-db-dr", drRegion, "E4s v5", false,
                    Schedule.ALWAYS, fixedCreated("db-dr"), NEVER, 0, "prod");
            if (add(withSeries(replica, new Series(catalog.interRegionTransfer(), Usage.TRAFFIC_GB, 1.5)),
                    replica.name())) {
                disk("rg-" + app + "-dr", replica, "P30");
            }
            storage("rg-" + app + "-archive", "arc", drRegion, "Archive", 40_000, 200, 0, 0, 0, "prod");
        }

        private void streaming() {
            String rg = "rg-" + app + "-prod";
            growingPool(rg, "origin", home, 3, 4, "F8s v2", false, "P20", 25);
            fixedVm(rg, "vm-" + app + "-api-01", home, "D4s v5", false, Schedule.ALWAYS, "P10", 0.4, "prod");
            storage(rg, "media", home, "Hot", 60_000, 20_000, 2_000_000, 50_000, 2, "prod");
            second.ifPresent(r -> storage("rg-" + app + "-dr", "rep", r, "Cool", 30_000, 20_000, 0, 0, 0, "prod"));
        }

        private void data() {
            String rg = "rg-" + app + "-data";
            for (int i = 1; i <= 2; i++) {
                fixedVm(rg, name("vm-%s-ingest-%02d", app, i), home, "D4as v5", false, Schedule.ALWAYS, "P20", 0,
                        "prod");
            }
            churningVms("rg-" + app + "-spark", "spark", 4, home, "E8s v5", false, Schedule.WEEKDAYS, "S20", 3, 6,
                    "prod");
            storage(rg, "lake", home, "Hot", 15_000, 500_000, 800_000, 60_000, 0.5, "prod");
            storage(rg, "cold", home, "Cool", 60_000, 50_000, 5_000, 0, 0, "prod");
            storage("rg-" + app + "-archive", "arc", second.orElse(home), "Archive", 200_000, 500, 0, 0, 0, "prod");
        }

        private void growingPool(String rg, String role, String region, int base, int extra, String size,
                boolean windows, String diskTier, double egressPerVm) {
            long spacingDays = SeededHash.between(SeededHash.of(seed, sub.shortId() + role + "/spacing"), 20, 35);
            for (int i = 1; i <= base + extra; i++) {
                Instant created = i <= base ? fixedCreated(role + i)
                        : GROWTH_SINCE.plus(Duration.ofDays((i - base) * spacingDays))
                                .plus(Duration.ofMinutes(minutesIn(role + i, 24 * 60)));
                String vmName = name("vm-%s-%s-%02d", app, role, i);
                DemoResource vm = vm(rg, vmName, region, size, windows, Schedule.ALWAYS, created, NEVER, egressPerVm,
                        "prod");
                if (add(vm, vmName)) {
                    disk(rg, vm, diskTier);
                }
            }
        }

        /** Slots that each run one short-lived VM after another: created every period, deleted after 30-70% of it. */
        private void churningVms(String rg, String role, int slots, String region, String size, boolean windows,
                Schedule schedule, String diskTier, int minPeriodDays, int maxPeriodDays, String env) {
            for (int s = 1; s <= slots; s++) {
                long slotHash = SeededHash.of(seed, sub.shortId() + "/" + role + s);
                long periodHours = 24L * SeededHash.between(slotHash, minPeriodDays, maxPeriodDays);
                long offsetHours = Math.floorMod(SeededHash.mix(slotHash), periodHours);
                Instant firstStart = CHURN_SINCE.plus(Duration.ofHours(offsetHours));
                long g = Math.max(0, Duration.between(firstStart, from).toHours() / periodHours - 1);
                for (;; g++) {
                    Instant created = firstStart.plus(Duration.ofHours(g * periodHours))
                            .plus(Duration.ofMinutes(SeededHash.between(SeededHash.of(slotHash, g), 0, 59)));
                    if (!created.isBefore(to)) {
                        break;
                    }
                    double life = 0.3 + 0.4 * SeededHash.unit(SeededHash.of(slotHash, -g - 1));
                    Instant deleted = created.plus(Duration.ofMinutes((long) (periodHours * 60 * life)));
                    if (!deleted.isAfter(from)) {
                        continue;
                    }
                    String vmName = name("vm-%s-%s%d-%04d", app, role, s, g);
                    DemoResource vm = vm(rg, vmName, region, size, windows, schedule, created, deleted, 0, env);
                    if (add(vm, vmName)) {
                        disk(rg, vm, diskTier);
                    }
                }
            }
        }

        private void fixedVm(String rg, String vmName, String region, String size, boolean windows, Schedule schedule,
                String diskTier, double egress, String env) {
            DemoResource vm = vm(rg, vmName, region, size, windows, schedule, fixedCreated(vmName), NEVER, egress, env);
            if (add(vm, vmName)) {
                disk(rg, vm, diskTier);
            }
        }

        private DemoResource vm(String rg, String vmName, String region, String size, boolean windows,
                Schedule schedule, Instant created, Instant deleted, double egressPerHour, String env) {
            List<Series> series = new ArrayList<>();
            catalog.vmMeter(region, size, windows).ifPresent(m -> series.add(new Series(m, Usage.RUNTIME_HOURS, 1)));
            if (egressPerHour > 0) {
                series.add(new Series(catalog.internetEgress(), Usage.TRAFFIC_GB, egressPerHour));
            }
            Map<String, String> info = new LinkedHashMap<>();
            info.put("ServiceType", "Standard_" + size.replace(' ', '_'));
            info.put("ImageType", windows ? "MicrosoftWindowsServer" : "Canonical");
            return resource(rg, "Microsoft.Compute/virtualMachines", vmName, region, schedule, created, deleted, info,
                    series, env);
        }

        private void disk(String rg, DemoResource vm, String tier) {
            String product = switch (tier.charAt(0)) {
                case 'P' -> "Premium SSD Managed Disks";
                case 'E' -> "Standard SSD Managed Disks";
                default -> "Standard HDD Managed Disks";
            };
            Optional<Meter> meter = catalog.meter(vm.location(), product, tier + " LRS Disk");
            if (meter.isEmpty()) {
                return;
            }
            String diskName = vm.name() + "-osdisk";
            out.add(resource(rg, "Microsoft.Compute/disks", diskName, vm.location(), Schedule.ALWAYS, vm.created(),
                    vm.deleted(), Map.of("DiskSku", tier + "_LRS"),
                    List.of(new Series(meter.get(), Usage.MONTHLY_UNITS, 1)), vm.tags().get("env")));
        }

        /** A storage account; {@code kind} is Hot, HotGrs, Cool or Archive. Zero rates leave a meter out. */
        private void storage(String rg, String purpose, String region, String kind, double gb, double writesPerHour,
                double readsPerHour, double otherPerHour, double egressGbPerHour, String env) {
            String blob = "General Block Blob v2";
            List<Series> series = new ArrayList<>();
            switch (kind) {
                case "Hot" -> {
                    series(series, region, blob, "Hot LRS Data Stored", Usage.GB_MONTHS, gb);
                    series(series, region, blob, "Hot LRS Write Operations", Usage.OPERATIONS_10K, writesPerHour);
                    series(series, region, blob, "Hot Read Operations", Usage.OPERATIONS_10K, readsPerHour);
                    series(series, region, blob, "All Other Operations", Usage.OPERATIONS_10K, otherPerHour);
                    series(series, region, blob, "LRS List and Create Container Operations", Usage.OPERATIONS_10K,
                            otherPerHour / 20);
                }
                case "HotGrs" -> {
                    series(series, region, blob, "Hot GRS Data Stored", Usage.GB_MONTHS, gb);
                    series(series, region, blob, "Hot GRS Write Operations", Usage.OPERATIONS_10K, writesPerHour);
                }
                case "Cool" -> {
                    series(series, region, blob, "Cool LRS Data Stored", Usage.GB_MONTHS, gb);
                    series(series, region, blob, "Cool LRS Write Operations", Usage.OPERATIONS_10K, writesPerHour);
                    series(series, region, blob, "Cool Read Operations", Usage.OPERATIONS_10K, readsPerHour);
                    series(series, region, blob, "Cool Data Retrieval", Usage.TRAFFIC_GB, readsPerHour / 10_000);
                }
                case "Archive" -> {
                    series(series, region, blob, "Archive LRS Data Stored", Usage.GB_MONTHS, gb);
                }
                default -> throw new IllegalArgumentException("unknown storage kind " + kind);
            }
            if (series.isEmpty()) {
                return; // the region does not sell this kind of storage
            }
            if (egressGbPerHour > 0) {
                series.add(new Series(catalog.internetEgress(), Usage.TRAFFIC_GB, egressGbPerHour));
            }
            String account = ("st" + app + sub.shortId() + purpose).toLowerCase(Locale.ROOT);
            DemoResource resource = resource(rg, "Microsoft.Storage/storageAccounts", account, region, Schedule.ALWAYS,
                    fixedCreated(account), NEVER, Map.of(), series, env);
            add(resource, account);
        }

        private void series(List<Series> series, String region, String product, String meterName, Usage usage,
                double rate) {
            if (rate > 0) {
                catalog.meter(region, product, meterName).ifPresent(m -> series.add(new Series(m, usage, rate)));
            }
        }

        private DemoResource resource(String rg, String type, String resourceName, String region, Schedule schedule,
                Instant created, Instant deleted, Map<String, String> info, List<Series> series, String env) {
            String uri = "/subscriptions/" + sub.subscription().subscriptionId() + "/resourceGroups/" + rg
                    + "/providers/" + type + "/" + resourceName;
            Map<String, String> tags = Map.of("costCenter", sub.costCenter(), "env", env, "app", app);
            return new DemoResource(sub, resourceName, uri, region, schedule, created, deleted, tags, info, series,
                    SeededHash.of(seed, sub.subscription().subscriptionId() + "/" + resourceName));
        }

        private DemoResource withSeries(DemoResource r, Series extra) {
            List<Series> series = new ArrayList<>(r.series());
            series.add(extra);
            return new DemoResource(r.owner(), r.name(), r.resourceUri(), r.location(), r.schedule(), r.created(),
                    r.deleted(), r.tags(), r.additionalInfo(), series, r.hash());
        }

        /** Adds the resource when it overlaps the window and is kept at this scale; true when added. */
        private boolean add(DemoResource resource, String scaleKey) {
            boolean overlaps = resource.created().isBefore(to) && resource.deleted().isAfter(from);
            double pick = SeededHash.unit(SeededHash.of(seed, sub.shortId() + "/" + scaleKey + "/scale"));
            if (overlaps && pick < scale && !resource.series().isEmpty()) {
                out.add(resource);
                return true;
            }
            return false;
        }

        private Instant fixedCreated(String key) {
            return FIXED_SINCE.plus(Duration.ofMinutes(minutesIn(key, 300 * 24 * 60)));
        }

        private long minutesIn(String key, int range) {
            return SeededHash.between(SeededHash.of(seed, sub.shortId() + "/" + key + "/created"), 0, range - 1);
        }

        private static String name(String format, Object... args) {
            return String.format(Locale.ROOT, format, args);
        }
    }
}
