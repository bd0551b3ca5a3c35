package io.meterwise.server.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.Destination;
import io.meterwise.core.export.ExportDelivery.DeliveryException;
import io.meterwise.core.export.ExportDelivery.Partition;
import io.meterwise.core.export.StagedFile;

/**
 * Delivers into {@code {export root}/{container}/{partition path}} on the server. Each partition is assembled in a
 * hidden folder {@code .meterwise-tmp} of the container (the same file system) with its manifest, its staged files
 * moved there (renamed when the staging folder is on that file system, else copied), then renamed into
 * place in one atomic move: a reader sees a partition complete or not at all. A failure removes the run's temporary
 * folders and the partitions already moved. Paths never leave the export root (checked again after resolving links).
 */
final class DirectoryDelivery {

    static final String TEMP = ".meterwise-tmp";

    private final Path root;

    DirectoryDelivery(Path root) {
        this.root = root;
    }

    void deliver(CostExport export, Destination.Directory destination, List<Partition> partitions)
            throws DeliveryException {
        String where = "folder '" + destination.container() + "'";
        Path realRoot;
        try {
            Files.createDirectories(root);
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new DeliveryException("DestinationUnreachable", "The server's export root cannot be used ("
                    + e.getClass().getSimpleName() + "); ask the operator to check meterwise.exports.root.", e);
        }
        Path container = realRoot.resolve(destination.container()).normalize();
        List<Path> temporary = new ArrayList<>();
        List<Path> published = new ArrayList<>();
        try {
            if (!container.startsWith(realRoot) || container.equals(realRoot)) {
                throw new DeliveryException("InvalidDestinationPath", "The " + where + " is outside the export root.");
            }
            Files.createDirectories(container);
            if (!container.toRealPath().startsWith(realRoot)) {
                throw new DeliveryException("InvalidDestinationPath", "The " + where
                        + " resolves outside the export root.");
            }
            Path temp = Files.createDirectories(container.resolve(TEMP));
            List<Path[]> moves = new ArrayList<>();
            for (Partition partition : partitions) {
                Path target = container.resolve(partition.path()).normalize();
                if (!target.startsWith(container)) {
                    throw new DeliveryException("InvalidDestinationPath", "The partition " + partition.path()
                            + " is outside the " + where + ".");
                }
                Path assembled = Files.createTempDirectory(temp, "partition-");
                temporary.add(assembled);
                // staged files are the run's own and discarded after delivery: moved (a rename on one file system)
                for (StagedFile file : partition.files()) {
                    Files.move(file.path(), assembled.resolve(file.name()));
                }
                Files.move(partition.manifest().path(), assembled.resolve(partition.manifest().name()));
                moves.add(new Path[] {assembled, target});
            }
            for (Path[] move : moves) {
                Files.createDirectories(move[1].getParent());
                Files.move(move[0], move[1], StandardCopyOption.ATOMIC_MOVE);
                temporary.remove(move[0]);
                published.add(move[1]);
            }
        } catch (IOException | RuntimeException e) {
            undo(temporary, published);
            throw new DeliveryException("DestinationUnreachable", "Cannot write to the " + where + ", rootFolderPath '"
                    + destination.rootFolderPath() + "' (" + e.getClass().getSimpleName() + "); nothing of this run "
                    + "was left there.", e);
        } catch (DeliveryException e) {
            undo(temporary, published);
            throw e;
        }
    }

    private static void undo(List<Path> temporary, List<Path> published) {
        for (Path p : temporary) {
            quietlyDelete(p);
        }
        for (Path p : published) {
            quietlyDelete(p);
        }
    }

    private static void quietlyDelete(Path p) {
        try {
            ExportFiles.deleteTree(p);
        } catch (RuntimeException ignored) {
            // best effort: the run is reported Failed either way
        }
    }
}
