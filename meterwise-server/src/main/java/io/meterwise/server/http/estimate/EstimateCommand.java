package io.meterwise.server.http.estimate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.estimate.InvalidWorkloadException;
import io.meterwise.server.http.error.ArmException;

/**
 * {@code estimate --file workload.json|csv (--subscription <id> | --offer <id> --currency <c> --region-info <cc>)} and
 * {@code what-if --subscription <id> --file whatif.json}: the estimate and what-if APIs from the command line, the
 * same request shapes, printed as tables. Like the other commands, run it while the server is stopped.
 */
public final class EstimateCommand {

    private EstimateCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("estimate") || args[0].equals("what-if"));
    }

    /** Runs the command; returns the process exit code. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        boolean whatIf = args[0].equals("what-if");
        String file = null;
        String subscription = null;
        String offer = null;
        String currency = null;
        String regionInfo = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            if (arg.equals("--file") && hasValue) {
                file = args[++i];
            } else if (arg.equals("--subscription") && hasValue) {
                subscription = args[++i];
            } else if (arg.equals("--offer") && hasValue) {
                offer = args[++i];
            } else if (arg.equals("--currency") && hasValue) {
                currency = args[++i];
            } else if (arg.equals("--region-info") && hasValue) {
                regionInfo = args[++i];
            } else if (arg.startsWith("--meterwise.") || arg.startsWith("--spring.")) {
                springArgs.add(arg);
            } else {
                err.println("unknown argument '" + arg + "'");
                return usage(err);
            }
        }
        boolean quote = subscription == null;
        if (file == null || (whatIf && quote) || (quote && (offer == null || currency == null || regionInfo == null))) {
            return usage(err);
        }
        String text;
        try {
            text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        boolean csv = file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE).properties("meterwise.billing.scheduler-enabled=false")
                .run(springArgs.toArray(String[]::new))) {
            if (whatIf) {
                printWhatIf(context.getBean(WhatIfController.class).whatIf(subscription, text), out);
                return 0;
            }
            EstimateController estimates = context.getBean(EstimateController.class);
            Map<String, Object> result;
            if (!quote) {
                result = csv ? estimates.estimateCsv(subscription, text) : estimates.estimate(subscription, text);
            } else {
                String body = csv ? CsvAsJson.lines(text) : text;
                result = estimates.quote(withQuoteFields(body, offer, currency, regionInfo));
            }
            printEstimate(result, out);
            return 0;
        } catch (InvalidWorkloadException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return 1;
        } catch (ArmException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: estimate --file workload.json|csv (--subscription <id> | --offer <id> --currency <code> "
                + "--region-info <country>)\n       what-if --subscription <id> --file whatif.json");
        return 2;
    }

    private static String withQuoteFields(String json, String offer, String currency, String regionInfo) {
        var node = (tools.jackson.databind.node.ObjectNode) WorkloadReader.json(json);
        node.put("offerDurableId", offer);
        node.put("currency", currency);
        node.put("regionInfo", regionInfo);
        return node.toString();
    }

    /** A CSV workload as the JSON body of a quote. */
    private static final class CsvAsJson {
        static String lines(String csv) {
            var array = tools.jackson.databind.json.JsonMapper.builder().build().createArrayNode();
            for (var line : WorkloadReader.csv(csv)) {
                var node = array.addObject();
                var m = line.meter();
                put(node, "meterId", m.meterId() == null ? null : m.meterId().toString());
                put(node, "armSkuName", m.armSkuName());
                put(node, "armRegionName", m.armRegionName());
                put(node, "serviceName", m.serviceName());
                put(node, "meterName", m.meterName());
                put(node, "productName", m.productName());
                put(node, "skuName", m.skuName());
                node.put("quantity", line.monthlyQuantity().toPlainString());
            }
            return "{\"lines\":" + array + "}";
        }

        private static void put(tools.jackson.databind.node.ObjectNode node, String field, String value) {
            if (value != null) {
                node.put(field, value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static void printEstimate(Map<String, Object> result, PrintStream out) {
        out.printf("currency %s, offer %s, RegionInfo %s%n", result.get("currency"), result.get("offerDurableId"),
                result.get("regionInfo"));
        for (String scenario : List.of("marginal", "fullMonth")) {
            Map<String, Object> s = (Map<String, Object>) result.get(scenario);
            if (s == null) {
                continue;
            }
            out.printf("%n%s (%s, from %s)%n", scenario.equals("marginal") ? "Rest of this period" : "A full month",
                    s.get("billingPeriod"), s.get("usedAt"));
            out.printf("%5s  %-36s  %-30s  %-16s  %14s  %12s%n", "line", "meter", "name", "region", "quantity",
                    "amount");
            for (Map<String, Object> line : (List<Map<String, Object>>) s.get("lines")) {
                out.printf("%5s  %-36s  %-30s  %-16s  %14s  %12s%n", line.get("line"), line.get("meterId"),
                        line.get("meterName"), line.get("armRegionName"), line.get("quantity"), line.get("amount"));
            }
            out.printf("usage charges %s; terms %s -> %s; total %s%n", s.get("usageCharges"), s.get("termsBefore"),
                    s.get("termsAfter"), s.get("total"));
        }
        List<Map<String, Object>> unresolved = (List<Map<String, Object>>) result.get("unresolved");
        if (!unresolved.isEmpty()) {
            out.println();
            out.println("Unresolved lines (not priced):");
            unresolved.forEach(u -> out.printf("  line %s (%s): %s%n", u.get("line"), u.get("meter"), u.get("reason")));
        }
    }

    @SuppressWarnings("unchecked")
    static void printWhatIf(Map<String, Object> result, PrintStream out) {
        Map<String, Object> actual = (Map<String, Object>) result.get("actual");
        out.printf("billing period %s, actual total %s %s%n", result.get("billingPeriod"), actual.get("total"),
                actual.get("currency"));
        out.printf("%n%-28s  %14s  %12s  %8s  %8s%n", "alternative", "total", "delta", "unmapped", "unpriced");
        for (Map<String, Object> a : (List<Map<String, Object>>) result.get("alternatives")) {
            out.printf("%-28s  %14s  %12s  %8d  %8d%n", a.get("name"), a.get("total") + " " + a.get("currency"),
                    a.get("delta"), ((List<?>) a.get("unmapped")).size(), ((List<?>) a.get("unpriced")).size());
        }
        List<Map<String, Object>> ranking = (List<Map<String, Object>>) result.get("regionRanking");
        if (ranking != null) {
            out.printf("%nRegions, cheapest first%n%-20s  %14s  %12s  %8s%n", "region", "total", "delta", "unmapped");
            ranking.forEach(r -> out.printf("%-20s  %14s  %12s  %8s%n", r.get("armRegionName"), r.get("total"),
                    r.get("delta"), r.get("unmappedMeters")));
        }
    }
}
