package io.meterwise.server.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One row of {@code demo/azure-retail-prices-eu.csv}: a real Azure retail meter and its USD pay-as-you-go price. */
record RetailPrice(UUID meterId, String armRegionName, String meterRegion, String productName, String skuName,
        String meterName, String unitOfMeasure, BigDecimal unitPriceUsd, String skuId, String productId,
        String serviceName, String serviceId, String serviceFamily, String armSkuName, String type) {

    static final String HEADER = "meterId,armRegionName,meterRegion,productName,skuName,meterName,unitOfMeasure,"
            + "unitPriceUsd,skuId,productId,serviceName,serviceId,serviceFamily,armSkuName,type";
    private static final int FIELDS = 15;

    static final String RESOURCE = "/demo/azure-retail-prices-eu.csv";

    boolean isVirtualMachine() {
        return productName.startsWith("Virtual Machines ");
    }

    boolean isWindows() {
        return productName.endsWith(" Windows");
    }

    static List<RetailPrice> load() {
        try (InputStream in = RetailPrice.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<RetailPrice> prices = new ArrayList<>();
            String header = reader.readLine();
            if (!HEADER.equals(header)) {
                throw new IllegalStateException("unexpected header in " + RESOURCE + ": " + header);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != FIELDS) {
                    throw new IllegalStateException("expected " + FIELDS + " fields in " + RESOURCE + ": " + line);
                }
                prices.add(new RetailPrice(UUID.fromString(f[0]), f[1], f[2], f[3], f[4], f[5], f[6],
                        new BigDecimal(f[7]), f[8], f[9], f[10], f[11], f[12], f[13], f[14]));
            }
            return List.copyOf(prices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
