package io.meterwise.server.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory and the secrets in it (signing keys, the first operator secret) are their owner's only. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /**
     * The data directory: created owner-only (0700), with any parent it has to create, when it does not exist, so nothing in it (the ledger, its WAL,
     * keys) is readable by other local users whatever mode the files get. An existing directory is left as the
     * operator made it, with a warning if others may enter it.
     */
    public static void directory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            if (supportsPosix(dir)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
                if (mode.contains(PosixFilePermission.OTHERS_EXECUTE) || mode.contains(PosixFilePermission.GROUP_EXECUTE)) {
                    System.getLogger(OwnerOnlyFiles.class.getName()).log(System.Logger.Level.WARNING,
                            "The data directory {0} is {1}: other local users may read the ledger; chmod 700 it",
                            dir.toAbsolutePath(), PosixFilePermissions.toString(mode));
                }
            }
            return;
        }
        Path created = dir.toAbsolutePath();
        while (created.getParent() != null && !Files.exists(created.getParent())) {
            created = created.getParent();
        }
        Files.createDirectories(dir);
        // every directory made here is owner-only, so a key file in data/tls written first still leaves data 0700
        if (supportsPosix(dir)) {
            for (Path d = dir.toAbsolutePath(); d != null && d.startsWith(created); d = d.getParent()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    /** Writes {@code content} to a new file readable and writable by the owner only; fails if the file exists. */
    public static void create(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        directory(dir);
        if (supportsPosix(dir)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Narrows an existing file to owner-only access (a key copied in by hand may be wider). */
    public static void restrict(Path file) throws IOException {
        if (Files.exists(file) && supportsPosix(file.toAbsolutePath().getParent())) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean supportsPosix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }
}
