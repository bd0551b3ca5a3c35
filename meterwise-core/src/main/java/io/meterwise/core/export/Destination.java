package io.meterwise.core.export;

import org.jspecify.annotations.Nullable;

/** Where an export's files go. */
public sealed interface Destination {

    /** The folder under the destination where the export's own folder is created (may be empty). */
    String rootFolderPath();

    /**
     * A directory under the operator-configured export root: {@code {root}/{container}/{rootFolderPath}}. Both names are
     * relative and may not leave the root.
     */
    record Directory(String container, String rootFolderPath) implements Destination {
    }

    /**
     * An S3-compatible bucket. {@code secretAccessKey} is kept with the definition and never shown again; {@code
     * endpoint} null means AWS itself.
     */
    record S3(@Nullable String endpoint, String region, String bucket, String rootFolderPath, String accessKeyId,
            String secretAccessKey, boolean pathStyle) implements Destination {

        @Override
        public String toString() {
            return "S3[" + endpoint + ", " + bucket + "/" + rootFolderPath + "]";
        }
    }
}
