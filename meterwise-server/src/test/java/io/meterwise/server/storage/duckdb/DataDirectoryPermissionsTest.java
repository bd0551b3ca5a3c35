package io.meterwise.server.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meterwise.server.config.MeterwiseProperties;
import io.meterwise.server.storage.OwnerOnlyFiles;

class DataDirectoryPermissionsTest {

    @Test
    void theDataDirectoryAndTheLedgerAreTheOwnersOnly(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("data");
        try (DuckDbDataSource ignored = new DuckDbStoreConfiguration().dataSource(new MeterwiseProperties(dir))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("meterwise.duckdb"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aKeyWrittenBeforeTheLedgerStillLeavesTheDataDirectoryTheOwnersOnly(@TempDir Path tmp) throws Exception {
        Path existing = Files.createDirectory(tmp.resolve("srv"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path dir = existing.resolve("data");
        OwnerOnlyFiles.create(dir.resolve("tls").resolve("ca-key.pem"), new byte[] {1});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwxr-xr-x");
    }
}
