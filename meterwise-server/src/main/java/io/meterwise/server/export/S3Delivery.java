package io.meterwise.server.export;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportDelivery.DeliveryException;
import io.meterwise.core.export.ExportDelivery.Partition;
import io.meterwise.core.export.StagedFile;

/**
 * Delivers to an S3-compatible bucket: every data file of every partition first (a single PUT up to {@code partSize},
 * a multipart upload above it), then the manifests. An S3 object becomes visible only when its upload completes, so
 * no half file is ever seen; on failure the multipart upload is aborted and the objects of this run already written
 * are deleted. Each object carries its SHA-256 as {@code x-amz-meta-sha256}.
 */
final class S3Delivery {

    private final long partSize;
    private final Duration timeout;

    S3Delivery(long partSize, Duration timeout) {
        this.partSize = partSize;
        this.timeout = timeout;
    }

    void deliver(CostExport export, Destination.S3 destination, List<Partition> partitions) throws DeliveryException {
        List<String> written = new ArrayList<>();
        try (S3Client s3 = client(destination)) {
            try {
                for (Partition partition : partitions) {
                    for (StagedFile file : partition.files()) {
                        upload(s3, destination.bucket(), partition.path() + "/" + file.name(), file, written);
                    }
                }
                for (Partition partition : partitions) {
                    upload(s3, destination.bucket(), partition.path() + "/" + partition.manifest().name(),
                            partition.manifest(), written);
                }
            } catch (RuntimeException | IOException e) {
                for (String key : written) {
                    try {
                        s3.deleteObject(b -> b.bucket(destination.bucket()).key(key));
                    } catch (SdkException ignored) {
                        // the destination is failing; what could not be removed is reported below
                    }
                }
                throw new DeliveryException("DestinationUnreachable", "Cannot write to S3 bucket '"
                        + destination.bucket() + "'" + (destination.endpoint() == null ? ""
                                : " at " + destination.endpoint()) + ": " + reason(e), e);
            }
        }
    }

    private void upload(S3Client s3, String bucket, String key, StagedFile file, List<String> written)
            throws IOException {
        Map<String, String> metadata = Map.of("sha256", file.sha256());
        if (file.bytes() <= partSize) {
            s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentLength(file.bytes()),
                    RequestBody.fromFile(file.path()));
            written.add(key);
            return;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[(int) partSize];
            try (InputStream in = Files.newInputStream(file.path())) {
                for (int number = 1;; number++) {
                    int n = in.readNBytes(buffer, 0, buffer.length);
                    if (n == 0) {
                        break;
                    }
                    int partNumber = number;
                    byte[] part = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                    String eTag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(partNumber).contentLength((long) n), RequestBody.fromBytes(part)).eTag();
                    parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
                }
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            written.add(key);
        } catch (RuntimeException | IOException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the upload was never completed, so no object is visible
            }
            throw e;
        }
    }

    private S3Client client(Destination.S3 d) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(d.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(d.accessKeyId(),
                        d.secretAccessKey())))
                .forcePathStyle(d.pathStyle())
                // S3-compatible servers differ in the newer trailing checksums: send them only where S3 requires
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeout).apiCallTimeout(timeout.multipliedBy(3)));
        if (d.endpoint() != null) {
            builder.endpointOverride(URI.create(d.endpoint()));
        }
        return builder.build();
    }

    private static String reason(Exception e) {
        // the message of an SDK or I/O failure names the endpoint and the cause, never the credentials
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }
}
