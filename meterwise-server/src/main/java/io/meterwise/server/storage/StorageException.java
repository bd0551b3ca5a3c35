package io.meterwise.server.storage;

/** The database failed; nothing partial was stored. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
