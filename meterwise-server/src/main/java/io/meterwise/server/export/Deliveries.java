package io.meterwise.server.export;

import java.io.UncheckedIOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportDelivery;
import io.meterwise.server.storage.SealedSecrets;

/**
 * Delivers to the destination an export names: a directory under the export root, or an S3-compatible bucket, whose
 * secret is opened here, just before use (stored sealed, ADR 0051). A secret this server cannot open fails the run
 * ({@code SecretUnavailable}) and says what to do, without naming the key file's path.
 */
final class Deliveries implements ExportDelivery {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final DirectoryDelivery directory;
    private final S3Delivery s3;
    private final SealedSecrets secrets;

    Deliveries(DirectoryDelivery directory, S3Delivery s3, SealedSecrets secrets) {
        this.directory = directory;
        this.s3 = s3;
        this.secrets = secrets;
    }

    @Override
    public void deliver(CostExport export, List<Partition> partitions) throws DeliveryException {
        if (export.destination() instanceof Destination.S3 bucket) {
            String secret;
            try {
                secret = secrets.open(bucket.secretAccessKey(), ExportJson.secretContext(export.scope(),
                        export.name()));
            } catch (SealedSecrets.Unsealable | UncheckedIOException e) {
                log.warn("The S3 secret of export {} cannot be opened: {}", export.id(), e.getMessage());
                throw new DeliveryException("SecretUnavailable", "The S3 secret of this export cannot be opened on "
                        + "this server: " + (e instanceof SealedSecrets.Unsealable ? e.getMessage()
                                : "its secrets key cannot be read") + ". Give every server the same secrets key file "
                        + "(meterwise.secrets.key-file), or PUT the export again with its secretAccessKey.", e);
            }
            s3.deliver(export, new Destination.S3(bucket.endpoint(), bucket.region(), bucket.bucket(),
                    bucket.rootFolderPath(), bucket.accessKeyId(), secret, bucket.pathStyle()), partitions);
        } else if (export.destination() instanceof Destination.Directory folder) {
            directory.deliver(export, folder, partitions);
        }
    }
}
