package io.meterwise.core.catalog;

import java.util.Locale;

/**
 * What a meter sells, in the terms of Azure's Retail Prices API: these let one find "the same thing elsewhere" (the
 * same product and SKU in another region, another size of the same family). Every field is optional (empty when
 * unknown); {@link #primaryMeterRegion()} is true unless the meter is a secondary listing of a meter primarily sold
 * in another region.
 *
 * @param serviceName for example {@code Virtual Machines}
 * @param serviceId for example {@code DZH313Z7MMC8}
 * @param serviceFamily for example {@code Compute}
 * @param productName for example {@code Virtual Machines Dsv5 Series}
 * @param productId for example {@code DZH318Z0BQ4S}
 * @param skuName for example {@code D4s v5}
 * @param skuId for example {@code DZH318Z0BQ4S/00FM}
 * @param armSkuName the ARM SKU, for example {@code Standard_D4s_v5}; empty for meters ARM has no SKU name for
 * @param armRegionName the ARM region, for example {@code westeurope}; empty for meters that are not regional
 * @param type {@code Consumption}, {@code DevTestConsumption}, {@code Reservation}
 */
public record ProductAttributes(String serviceName, String serviceId, String serviceFamily, String productName,
        String productId, String skuName, String skuId, String armSkuName, String armRegionName, String type,
        boolean primaryMeterRegion) {

    public static final ProductAttributes NONE = new ProductAttributes("", "", "", "", "", "", "", "", "", "", true);

    public ProductAttributes {
        serviceName = clean(serviceName);
        serviceId = clean(serviceId);
        serviceFamily = clean(serviceFamily);
        productName = clean(productName);
        productId = clean(productId);
        skuName = clean(skuName);
        skuId = clean(skuId);
        armSkuName = clean(armSkuName);
        armRegionName = clean(armRegionName).toLowerCase(Locale.ROOT);
        type = clean(type);
    }

    private static String clean(String value) {
        return value == null ? "" : value.strip();
    }

    /** The same attributes in another ARM region. */
    public ProductAttributes inRegion(String region) {
        return new ProductAttributes(serviceName, serviceId, serviceFamily, productName, productId, skuName, skuId,
                armSkuName, region, type, primaryMeterRegion);
    }
}
