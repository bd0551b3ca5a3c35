package io.meterwise.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import io.meterwise.core.access.SharedSecrets;

/**
 * Keys as owner-only files in the data directory, the name being the file's path relative to it: the embedded store
 * has one server per data directory, so the files are shared by everything that signs.
 */
public final class FileSecrets implements SharedSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDir;

    public FileSecrets(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public synchronized byte[] secret(String name) {
        Path file = dataDir.resolve(name).normalize();
        if (!file.startsWith(dataDir.normalize())) {
            throw new IllegalArgumentException("secret name leaves the data directory: " + name);
        }
        try {
            if (!Files.exists(file) || Files.size(file) < MIN_LENGTH) {
                byte[] key = new byte[MIN_LENGTH];
                RANDOM.nextBytes(key);
                Files.deleteIfExists(file);
                try {
                    OwnerOnlyFiles.create(file, key);
                } catch (FileAlreadyExistsException e) {
                    // created concurrently: use that one
                }
            }
            OwnerOnlyFiles.restrict(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
