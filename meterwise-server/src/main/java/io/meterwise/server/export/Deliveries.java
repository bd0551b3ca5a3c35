package io.meterwise.server.export;

import java.util.List;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportDelivery;

/** Delivers to the destination an export names: a directory under the export root, or an S3-compatible bucket. */
final class Deliveries implements ExportDelivery {

    private final DirectoryDelivery directory;
    private final S3Delivery s3;

    Deliveries(DirectoryDelivery directory, S3Delivery s3) {
        this.directory = directory;
        this.s3 = s3;
    }

    @Override
    public void deliver(CostExport export, List<Partition> partitions) throws DeliveryException {
        if (export.destination() instanceof Destination.S3 bucket) {
            s3.deliver(export, bucket, partitions);
        } else if (export.destination() instanceof Destination.Directory folder) {
            directory.deliver(export, folder, partitions);
        }
    }
}
