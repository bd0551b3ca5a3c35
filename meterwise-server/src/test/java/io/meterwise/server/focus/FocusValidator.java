package io.meterwise.server.focus;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.meterwise.server.chargeback.ChargebackJson;

/**
 * Checks a FOCUS CSV file against the FOCUS 1.2 column specification ({@code focus-1.2/focus_1.2_columns.csv}, read
 * from the spec, not from Meterwise's column list): every Mandatory column present, every other column a spec column
 * or an {@code x_} extension, values of the declared type, allowed values, nulls only where allowed, and the
 * cross-column rules on correction rows, unit prices and units. Returns the problems (empty = valid) and the BilledCost
 * sum per InvoiceId.
 */
final class FocusValidator {

    record Spec(String id, String featureLevel, boolean allowsNulls, String dataType, Set<String> allowed) {
    }

    record Result(List<String> problems, Map<String, BigDecimal> billedByInvoice, BigDecimal billedWithoutInvoice,
            long rows) {
    }

    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    final Map<String, Spec> spec = new LinkedHashMap<>();

    FocusValidator() {
        try (Reader in = new InputStreamReader(FocusValidator.class.getResourceAsStream(
                "/focus-1.2/focus_1.2_columns.csv"), StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.parse(in);
            List<String> header = rows.get(0);
            for (List<String> r : rows.subList(1, rows.size())) {
                Map<String, String> f = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    f.put(header.get(i), i < r.size() ? r.get(i) : "");
                }
                Set<String> allowed = new LinkedHashSet<>();
                if (!f.get("AllowedValuesTable").isBlank()) {
                    allowed.addAll(List.of(f.get("AllowedValuesTable").split("\\|")));
                }
                spec.put(f.get("ColumnId"), new Spec(f.get("ColumnId"), f.get("FeatureLevel"),
                        f.get("AllowsNulls").equalsIgnoreCase("True"), f.get("DataType"), allowed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result validate(Path csv) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return validate(Csv.parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result validate(List<List<String>> rows) {
        List<String> problems = new ArrayList<>();
        List<String> header = rows.get(0);
        for (Spec s : spec.values()) {
            if (s.featureLevel().equals("Mandatory") && !header.contains(s.id())) {
                problems.add("missing Mandatory column " + s.id());
            }
        }
        for (String h : header) {
            if (!spec.containsKey(h) && !h.startsWith("x_")) {
                problems.add("column " + h + " is neither a FOCUS column nor an x_ extension");
            }
        }
        Map<String, BigDecimal> byInvoice = new LinkedHashMap<>();
        BigDecimal withoutInvoice = BigDecimal.ZERO;
        for (int n = 1; n < rows.size() && problems.size() < 50; n++) {
            List<String> r = rows.get(n);
            if (r.size() != header.size()) {
                problems.add("row " + n + " has " + r.size() + " fields, the header " + header.size());
                continue;
            }
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                v.put(header.get(i), r.get(i).isEmpty() ? null : r.get(i));
            }
            for (Spec s : spec.values()) {
                if (header.contains(s.id())) {
                    check(s, v.get(s.id()), n, problems);
                }
            }
            crossColumn(v, n, problems);
            BigDecimal billed = new BigDecimal(v.get("BilledCost"));
            if (v.get("InvoiceId") == null) {
                withoutInvoice = withoutInvoice.add(billed);
            } else {
                byInvoice.merge(v.get("InvoiceId"), billed, BigDecimal::add);
            }
        }
        return new Result(problems, byInvoice, withoutInvoice, rows.size() - 1);
    }

    private static void check(Spec s, String value, int n, List<String> problems) {
        if (value == null) {
            if (!s.allowsNulls()) {
                problems.add("row " + n + ": " + s.id() + " must not be null");
            }
            return;
        }
        switch (s.dataType()) {
            case "Decimal" -> {
                try {
                    new BigDecimal(value);
                } catch (NumberFormatException e) {
                    problems.add("row " + n + ": " + s.id() + " '" + value + "' is not a Decimal");
                }
            }
            case "Date/Time" -> {
                if (!DATE_TIME.matcher(value).matches()) {
                    problems.add("row " + n + ": " + s.id() + " '" + value + "' is not an ISO 8601 UTC date/time");
                }
            }
            case "JSON" -> {
                try {
                    if (!ChargebackJson.JSON.readTree(value).isObject()) {
                        problems.add("row " + n + ": " + s.id() + " is not a JSON object");
                    }
                } catch (RuntimeException e) {
                    problems.add("row " + n + ": " + s.id() + " '" + value + "' is not JSON");
                }
            }
            default -> {
                if (!s.allowed().isEmpty() && !s.allowed().contains(value)) {
                    problems.add("row " + n + ": " + s.id() + " '" + value + "' is not one of " + s.allowed());
                }
            }
        }
        if (s.id().endsWith("Currency") && !CURRENCY.matcher(value).matches()) {
            problems.add("row " + n + ": " + s.id() + " '" + value + "' is not a currency code");
        }
    }

    private static void crossColumn(Map<String, String> v, int n, List<String> problems) {
        boolean correction = "Correction".equals(v.get("ChargeClass"));
        String category = v.get("ChargeCategory");
        boolean usageOrPurchase = "Usage".equals(category) || "Purchase".equals(category);
        if ((v.get("PricingQuantity") == null) != (v.get("PricingUnit") == null)) {
            problems.add("row " + n + ": PricingUnit must be null exactly when PricingQuantity is");
        }
        if (usageOrPurchase && !correction) {
            for (String c : List.of("ListUnitPrice", "ContractedUnitPrice", "PricingQuantity")) {
                if (v.get(c) == null) {
                    problems.add("row " + n + ": " + c + " must not be null for " + category);
                }
            }
        }
        if ("Usage".equals(category) && !correction && v.get("ConsumedQuantity") == null) {
            problems.add("row " + n + ": ConsumedQuantity must not be null for Usage");
        }
        if (!"Usage".equals(category) && v.get("ConsumedQuantity") != null) {
            problems.add("row " + n + ": ConsumedQuantity must be null when ChargeCategory is " + category);
        }
        if (!correction) {
            product(v, "ListUnitPrice", "ListCost", n, problems);
            product(v, "ContractedUnitPrice", "ContractedCost", n, problems);
        }
        for (String c : List.of("ListUnitPrice", "ContractedUnitPrice")) {
            if (v.get(c) != null && new BigDecimal(v.get(c)).signum() < 0) {
                problems.add("row " + n + ": " + c + " must not be negative");
            }
        }
        if (v.get("ListUnitPrice") == null && "Credit".equals(category)) {
            for (String c : List.of("ListCost", "ContractedCost", "EffectiveCost")) {
                if (new BigDecimal(v.get(c)).compareTo(new BigDecimal(v.get("BilledCost"))) != 0) {
                    problems.add("row " + n + ": " + c + " of a Credit must match BilledCost");
                }
            }
        }
        if (v.get("ChargePeriodStart") != null && v.get("ChargePeriodEnd") != null
                && v.get("ChargePeriodStart").compareTo(v.get("ChargePeriodEnd")) > 0) {
            problems.add("row " + n + ": ChargePeriodStart is after ChargePeriodEnd");
        }
    }

    private static void product(Map<String, String> v, String price, String cost, int n, List<String> problems) {
        if (v.get(price) == null || v.get("PricingQuantity") == null) {
            return;
        }
        BigDecimal expected = new BigDecimal(v.get(price)).multiply(new BigDecimal(v.get("PricingQuantity")));
        if (expected.compareTo(new BigDecimal(v.get(cost))) != 0) {
            problems.add("row " + n + ": " + cost + " " + v.get(cost) + " is not " + price + " x PricingQuantity = "
                    + expected.toPlainString());
        }
    }

    /** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF). */
    static final class Csv {
        static List<List<String>> parse(Reader source) throws IOException {
            Reader in = source.markSupported() ? source : new java.io.BufferedReader(source);
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            int c;
            while ((c = in.read()) >= 0) {
                char ch = (char) c;
                any = true;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    any = false;
                } else if (ch != '\r') {
                    field.append(ch);
                }
            }
            if (any) {
                row.add(field.toString());
                rows.add(row);
            }
            return rows;
        }
    }
}
