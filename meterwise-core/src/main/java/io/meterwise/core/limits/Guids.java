package io.meterwise.core.limits;

import java.util.UUID;
import java.util.regex.Pattern;

/** GUIDs in the canonical 8-4-4-4-12 form with ASCII hex digits; {@link UUID#fromString} also takes other digits. */
public final class Guids {

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Guids() {
    }

    /** The GUID, or {@link IllegalArgumentException} when {@code text} is not one. */
    public static UUID parse(String text) {
        if (text.length() != 36 || !GUID.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + Texts.shorten(text)
                    + "' is not a GUID like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        }
        return UUID.fromString(text);
    }
}
