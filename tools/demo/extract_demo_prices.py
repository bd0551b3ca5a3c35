#!/usr/bin/env python3
"""Derives meterwise-server/src/main/resources/demo/azure-retail-prices-eu.csv from the Azure Retail Prices snapshot
(andy-diericks/azure-pricing-radar, data/latest/*.json, commit cf741f25c50759745f8eb5dcaf6c3746669c8f31).

Usage: python3 tools/demo/extract_demo_prices.py /work/shared/data > meterwise-server/src/main/resources/demo/azure-retail-prices-eu.csv

Keeps only the Consumption rows of a fixed list of VM sizes (Linux and Windows), managed disks and block blob
meters in five EU regions, and only meter ids that occur in exactly one region. Adds the RateCard MeterRegion
spelling of each region, checked against the FinOps toolkit's Regions.csv. Prices are copied unchanged (USD).

skuId and type come from the upstream key, productId is the skuId before '/'. The snapshot has no serviceName,
serviceId, serviceFamily or armSkuName: they are derived with SERVICES and arm_sku_name below, following the
conventions of the full Retail Prices items in azure-retail-prices/api-sample-1000 (babajideoyelayo-carbonandfinch/
azure-prices, MIT): VM armSkuName = 'Standard_' + skuName with '_' for spaces (unless skuName is already
spelled that way), Premium SSD managed disks
'Premium_SSD_Managed_Disks_' + size, other storage meters none.
"""
import csv
import json
import sys
from collections import defaultdict

REGIONS = {  # file suffix -> (armRegionName, RateCard MeterRegion)
    'eu-west': ('westeurope', 'EU West'),
    'northeurope': ('northeurope', 'EU North'),
    'swedencentral': ('swedencentral', 'SE Central'),
    'francecentral': ('francecentral', 'FR Central'),
    'belgium': ('belgiumcentral', 'BE Central'),
}
VM_SIZES = ['B2s', 'B2ms', 'B4ms', 'D2s v5', 'D4s v5', 'D8s v5', 'D16s v5', 'D2as v5', 'D4as v5',
            'E2s v5', 'E4s v5', 'E8s v5', 'F2s v2', 'F4s v2', 'F8s v2']
VM_PRODUCTS = ['Virtual Machines BS Series', 'Virtual Machines Dsv5 Series', 'Virtual Machines Dasv5 Series',
               'Virtual Machines Esv5 Series', 'Virtual Machines FSv2 Series']
STORAGE = {
    'Premium SSD Managed Disks': ['P10 LRS Disk', 'P15 LRS Disk', 'P20 LRS Disk', 'P30 LRS Disk', 'LRS Snapshots'],
    'Standard SSD Managed Disks': ['E10 LRS Disk', 'E15 LRS Disk', 'E20 LRS Disk'],
    'Standard HDD Managed Disks': ['S10 LRS Disk', 'S20 LRS Disk'],
    'General Block Blob v2': ['Hot LRS Data Stored', 'Hot LRS Write Operations', 'Hot Read Operations',
                              'All Other Operations', 'LRS List and Create Container Operations',
                              'Cool LRS Data Stored', 'Cool LRS Write Operations', 'Cool Read Operations',
                              'Cool Data Retrieval', 'Archive LRS Data Stored', 'Hot GRS Data Stored',
                              'Hot GRS Write Operations'],
}
SERVICES = {  # kind -> (serviceName, serviceId, serviceFamily), as in api-sample-1000
    'vm': ('Virtual Machines', 'DZH313Z7MMC8', 'Compute'),
    'storage': ('Storage', 'DZH317F1HKN0', 'Storage'),
}


def arm_sku_name(kind, product, sku):
    if kind == 'vm':  # the snapshot spells some VM skuNames as ARM does already (Standard_D4s_v5)
        return sku if sku.startswith('Standard_') else 'Standard_' + sku.replace(' ', '_')
    if product == 'Premium SSD Managed Disks' and sku.split(' ')[0][1:].isdigit():
        return 'Premium_SSD_Managed_Disks_' + sku.split(' ')[0]
    return ''


def wanted(v):
    product, meter = v['productName'], v['meterName']
    if product in VM_PRODUCTS or product.removesuffix(' Windows') in VM_PRODUCTS:
        return meter in VM_SIZES
    return meter in STORAGE.get(product, [])


def main(data):
    region_names = {}
    with open(f'{data}/finops-toolkit-open-data/Regions.csv', newline='') as f:
        for row in csv.DictReader(f):
            region_names[row['OriginalValue']] = row['RegionId']
    rows, regions_of = [], defaultdict(set)
    for suffix, (arm, meter_region) in REGIONS.items():
        assert region_names[meter_region.lower()] == arm, meter_region
        for kind in ('vm', 'storage'):
            with open(f'{data}/azure-retail-prices/eu-vm-storage-2026-08/{kind}-{suffix}.json') as f:
                items = json.load(f)
            for key, v in items.items():
                sku_id, meter_id, price_type, _ = key.split('|')
                assert v['armRegionName'] == arm
                regions_of[meter_id].add(arm)
                if price_type == 'Consumption' and wanted(v):
                    service = SERVICES[kind]
                    rows.append((meter_id, arm, meter_region, v['productName'], v['skuName'], v['meterName'],
                                 v['unitOfMeasure'], v['unitPrice'], sku_id, sku_id.split('/')[0], *service,
                                 arm_sku_name(kind, v['productName'], v['skuName']), price_type))
    seen = set()
    out = csv.writer(sys.stdout, lineterminator='\n')
    out.writerow(['meterId', 'armRegionName', 'meterRegion', 'productName', 'skuName', 'meterName',
                  'unitOfMeasure', 'unitPriceUsd', 'skuId', 'productId', 'serviceName', 'serviceId', 'serviceFamily',
                  'armSkuName', 'type'])
    for r in sorted(rows, key=lambda r: (r[1], r[3], r[5], r[0])):
        if len(regions_of[r[0]]) == 1 and r[0] not in seen:
            seen.add(r[0])
            out.writerow(r[:7] + (format(r[7], 'f').rstrip('0').rstrip('.') if r[7] else '0',) + r[8:])


if __name__ == '__main__':
    main(sys.argv[1])
