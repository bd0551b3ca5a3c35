package io.meterwise.core.export;

import java.util.List;

/**
 * Publishes a run's staged partitions at the export's destination, data files first and each partition's manifest
 * last, never a half-written file. On failure nothing of the run may remain visible: the delivery removes what it
 * had published and throws {@link DeliveryException} with a reason a user can act on.
 */
public interface ExportDelivery {

    void deliver(CostExport export, List<Partition> partitions) throws DeliveryException;

    /** One partition: its path under the destination's root folder, its data files and its manifest. */
    record Partition(String path, List<StagedFile> files, StagedFile manifest) {
    }

    final class DeliveryException extends Exception {

        private static final long serialVersionUID = 1L;

        private final String code;

        public DeliveryException(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        public DeliveryException(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
