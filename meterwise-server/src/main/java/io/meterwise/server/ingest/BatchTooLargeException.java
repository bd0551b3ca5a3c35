package io.meterwise.server.ingest;

/** The batch holds more records than {@code meterwise.ingest.max-batch-records} allows. */
public class BatchTooLargeException extends RuntimeException {

    public BatchTooLargeException(long limit) {
        super("The batch holds more than " + limit + " records; split it into batches of at most " + limit + ".");
    }
}
