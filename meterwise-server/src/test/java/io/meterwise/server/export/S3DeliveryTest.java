package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportDelivery;
import io.meterwise.core.export.ExportFormat;
import io.meterwise.core.export.ExportScope;
import io.meterwise.core.export.ExportType;
import io.meterwise.core.export.StagedFile;
import io.meterwise.core.export.Timeframe;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 delivery against an in-process S3-compatible server (S3Proxy): a file larger than the part size goes up as a
 * multipart upload and reads back byte for byte; a failure half way removes what the run had already uploaded and
 * leaves no multipart upload open.
 */
class S3DeliveryTest {

    static final long PART = 5L * 1024 * 1024;

    final S3ProxyJunitCore proxy = new S3ProxyJunitCore.Builder().withCredentials("key", "secret").build();
    S3Client s3;
    @TempDir
    Path staging;

    @BeforeEach
    void start() throws Exception {
        proxy.beforeEach();
        s3 = S3Client.builder().endpointOverride(proxy.getUri()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        s3.createBucket(b -> b.bucket("bucket"));
    }

    @AfterEach
    void stop() {
        s3.close();
        proxy.afterEach();
    }

    CostExport export() {
        return new CostExport(new ExportScope(UUID.randomUUID(), null), "big", ExportType.FocusCost,
                Timeframe.TheLastMonth, null, null, ExportFormat.Csv, false, List.of(), new Destination.S3(
                        proxy.getUri().toString(), "us-east-1", "bucket", "root", "key", "secret", true), null,
                Instant.EPOCH, Instant.EPOCH);
    }

    StagedFile file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path path = Files.write(staging.resolve(name), bytes);
        return new StagedFile(name, path, 1, size, ExportsIT.sha256(bytes), BigDecimal.ONE);
    }

    @Test
    void aFileAboveThePartSizeIsUploadedInPartsAndReadsBackIdentical() throws Exception {
        StagedFile big = file("part_1_0001.csv", (int) (2 * PART + 12345));
        StagedFile manifest = file("manifest.json", 100);
        new S3Delivery(PART, Duration.ofSeconds(30)).deliver(export(), (Destination.S3) export().destination(),
                List.of(new ExportDelivery.Partition("root/big/p1/run", List.of(big), manifest)));
        byte[] back = s3.getObjectAsBytes(b -> b.bucket("bucket").key("root/big/p1/run/part_1_0001.csv"))
                .asByteArray();
        assertThat(back).hasSize((int) big.bytes());
        assertThat(ExportsIT.sha256(back)).isEqualTo(big.sha256());
        assertThat(s3.headObject(b -> b.bucket("bucket").key("root/big/p1/run/part_1_0001.csv")).metadata())
                .containsEntry("sha256", big.sha256());
        assertThat(s3.listMultipartUploads(b -> b.bucket("bucket")).uploads()).isEmpty();
    }

    @Test
    void aFailureHalfWayLeavesNothingOfTheRun() throws Exception {
        StagedFile first = file("part_1_0001.csv", 1000);
        StagedFile big = file("part_1_0002.csv", (int) (PART + 1));
        StagedFile gone = new StagedFile("part_1_0001.csv", staging.resolve("deleted"), 1, 10, "00", BigDecimal.ONE);
        StagedFile manifest = file("manifest.json", 100);
        assertThatThrownBy(() -> new S3Delivery(PART, Duration.ofSeconds(30)).deliver(export(),
                (Destination.S3) export().destination(), List.of(
                        new ExportDelivery.Partition("root/big/p1/run", List.of(first, big), manifest),
                        new ExportDelivery.Partition("root/big/p2/run", List.of(gone), manifest))))
                .isInstanceOf(ExportDelivery.DeliveryException.class)
                .hasMessageContaining("bucket 'bucket'");
        assertThat(s3.listObjectsV2(b -> b.bucket("bucket")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket("bucket")).uploads()).isEmpty();
    }
}
