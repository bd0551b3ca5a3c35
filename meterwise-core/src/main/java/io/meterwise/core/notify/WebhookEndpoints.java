package io.meterwise.core.notify;

import java.util.List;
import java.util.Optional;

/** Port: the registered webhook endpoints, by name (case-insensitive). */
public interface WebhookEndpoints {

    Optional<WebhookEndpoint> get(String name);

    /** All endpoints, by name. */
    List<WebhookEndpoint> list();

    /** Stores the endpoint, replacing one of the same name; true when it was new. */
    boolean put(WebhookEndpoint endpoint);

    /** Removes the endpoint; false when there was none. Its delivery log stays. */
    boolean delete(String name);
}
